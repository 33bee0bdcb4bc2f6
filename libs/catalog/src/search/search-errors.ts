import { DomainError, ErrorCode } from '@gomart/contracts';

/**
 * A cursor this index did not issue for this query: edited, cut short, from another listing
 * or from another store. INVALID_CURSOR naming the `cursor` field, like every other listing's:
 * a client that kept a cursor across a deploy learns to start the listing again.
 */
export class InvalidCursorError extends DomainError {
  static readonly message = 'cursor must be a nextCursor returned by this same listing';

  constructor(readonly reason: string) {
    super(ErrorCode.INVALID_CURSOR, 'The cursor is not one this listing issued; start the listing again.', {
      fields: [{ field: 'cursor', problems: [InvalidCursorError.message] }],
    });
    this.name = 'InvalidCursorError';
  }
}

/** A search query the edge should have refused (a limit out of range, a negative price...). */
export class InvalidSearchQueryError extends DomainError {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(ErrorCode.VALIDATION_FAILED, 'The request is not valid.', { fields: [{ field, problems: [problem] }] });
    this.name = 'InvalidSearchQueryError';
  }
}
