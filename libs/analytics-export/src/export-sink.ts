import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, awsClientConfig, type AppConfig } from '@gomart/config';

export const EXPORT_SINK = Symbol('EXPORT_SINK');

/** Where exports are written: the export bucket in AWS, a folder locally. */
export interface ExportSink {
  /** Writes (or replaces) the object at `key`; answers where it now is, for the caller to report. */
  write(key: string, body: string, contentType: string): Promise<string>;
}

/** `s3://EXPORT_BUCKET/<key>` (Athena and QuickSight read the bucket). */
@Injectable()
export class S3ExportSink implements ExportSink, OnApplicationShutdown {
  private client?: S3Client;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async write(key: string, body: string, contentType: string): Promise<string> {
    const bucket = this.config.analyticsExport.bucket;
    if (!bucket) throw new Error('EXPORT_BUCKET is not set');
    this.client ??= new S3Client({ ...awsClientConfig(this.config.aws), forcePathStyle: Boolean(this.config.aws.endpoint) });
    await this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
    return `s3://${bucket}/${key}`;
  }

  onApplicationShutdown(): void {
    this.client?.destroy();
  }
}

/**
 * `DATA_DIR/exports/<key>` on this machine. Reported relative to the data folder
 * (`exports/<key>`): an API answer does not name the server's file system.
 */
@Injectable()
export class LocalExportSink implements ExportSink {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async write(key: string, body: string): Promise<string> {
    const file = join(this.config.analyticsExport.localDir, key);
    await mkdir(dirname(file), { recursive: true });
    // Write then rename: a reader never sees half an export.
    await writeFile(`${file}.tmp`, body);
    await rename(`${file}.tmp`, file);
    return `exports/${key}`;
  }
}
