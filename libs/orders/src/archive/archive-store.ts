import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, awsClientConfig, type AppConfig } from '@gomart/config';

/** A byte range of an object, `length` bytes from `offset`. */
export interface ByteRange {
  readonly offset: number;
  readonly length: number;
}

/**
 * Where archive batches are kept: the archive bucket in AWS (Object Lock, lifecycle to
 * Glacier), a folder locally. Objects are written once and never changed or deleted by the
 * app; the two calls are the archiver's whole use of storage (and of its IAM grant).
 */
export interface ArchiveStore {
  /** Writes the object; the store checks `sha256` (base64) against the bytes it received. */
  put(key: string, body: Buffer, sha256: string, contentType: string): Promise<void>;
  /** The object (or the range of it), or undefined when there is no such object. */
  get(key: string, range?: ByteRange): Promise<Buffer | undefined>;
  /** Where `key` is, for logs and the summary. */
  locate(key: string): string;
}

export function sha256Base64(body: Buffer): string {
  return createHash('sha256').update(body).digest('base64');
}

/** `s3://ARCHIVE_BUCKET/<key>`: PutObject with a SHA-256 checksum S3 verifies, GetObject (ranged). */
@Injectable()
export class S3ArchiveStore implements ArchiveStore, OnApplicationShutdown {
  private client?: S3Client;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async put(key: string, body: Buffer, sha256: string, contentType: string): Promise<void> {
    // The checksum is also what an Object Lock bucket requires of every PutObject.
    await this.s3().send(
      new PutObjectCommand({ Bucket: this.bucket(), Key: key, Body: body, ContentType: contentType, ChecksumSHA256: sha256 }),
    );
  }

  async get(key: string, range?: ByteRange): Promise<Buffer | undefined> {
    try {
      const output = await this.s3().send(
        new GetObjectCommand({
          Bucket: this.bucket(),
          Key: key,
          Range: range ? `bytes=${range.offset}-${range.offset + range.length - 1}` : undefined,
        }),
      );
      return Buffer.from(await output.Body!.transformToByteArray());
    } catch (error) {
      // Without s3:ListBucket a missing key would answer 403; the grant includes it so this is a 404.
      if (error instanceof NoSuchKey || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)) return undefined;
      throw error;
    }
  }

  locate(key: string): string {
    return `s3://${this.bucket()}/${key}`;
  }

  onApplicationShutdown(): void {
    this.client?.destroy();
  }

  private bucket(): string {
    const bucket = this.config.archive.bucket;
    if (!bucket) throw new Error('ARCHIVE_BUCKET is not set');
    return bucket;
  }

  private s3(): S3Client {
    this.client ??= new S3Client({ ...awsClientConfig(this.config.aws, 30_000), forcePathStyle: Boolean(this.config.aws.endpoint) });
    return this.client;
  }
}

/** `DATA_DIR/archive/<key>` on this machine, written then renamed so a reader never sees half an object. */
@Injectable()
export class LocalArchiveStore implements ArchiveStore {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async put(key: string, body: Buffer, sha256: string): Promise<void> {
    if (sha256Base64(body) !== sha256) throw new Error(`archive object ${key}: checksum mismatch`);
    const file = this.fileOf(key);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(`${file}.tmp`, body);
    await rename(`${file}.tmp`, file);
  }

  async get(key: string, range?: ByteRange): Promise<Buffer | undefined> {
    const file = this.fileOf(key);
    try {
      if (!range) return await readFile(file);
      const handle = await open(file, 'r');
      try {
        const buffer = Buffer.alloc(range.length);
        const { bytesRead } = await handle.read(buffer, 0, range.length, range.offset);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  locate(key: string): string {
    return `archive/${key}`;
  }

  private fileOf(key: string): string {
    const root = resolve(this.config.archive.localDir);
    const file = resolve(join(root, key));
    // Keys are built by the archiver; still, never leave the archive folder.
    if (!file.startsWith(root + sep)) throw new Error(`archive key outside the archive: ${key}`);
    return file;
  }
}
