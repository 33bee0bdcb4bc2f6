import { Module } from '@nestjs/common';
import { adapterProviders } from '@gomart/config';
import { OrderStoreModule } from '../order-store.module';
import { ARCHIVE_STORE } from '../orders.tokens';
import { ArchiveIndex } from './archive-index';
import { LocalArchiveStore, S3ArchiveStore } from './archive-store';
import { OrderArchive } from './order-archive.service';
import { OrderArchiver } from './order-archiver';

/**
 * Archival of decided orders: the archiver (scheduled by ARCHIVE_INTERVAL_MS, or run by
 * `npm run archive`), and reading, restoring, holding and erasing archived orders. Needs no
 * other service: the orders app and the command-line tool both import it.
 */
@Module({
  imports: [OrderStoreModule],
  providers: [
    ArchiveIndex,
    OrderArchiver,
    OrderArchive,
    ...adapterProviders(ARCHIVE_STORE, (config) => (config.archive.bucket ? 's3' : 'local'), { s3: S3ArchiveStore, local: LocalArchiveStore }),
  ],
  exports: [OrderArchiver, OrderArchive, ArchiveIndex, ARCHIVE_STORE],
})
export class OrderArchiveModule {}
