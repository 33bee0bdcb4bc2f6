export const ORDER_REPOSITORY = Symbol('ORDER_REPOSITORY');
/** Where archive batches are stored: S3 (ARCHIVE_BUCKET) or DATA_DIR/archive. */
export const ARCHIVE_STORE = Symbol('ARCHIVE_STORE');
