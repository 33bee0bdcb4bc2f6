import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import type { Mail, MailTransport } from './mail';

/** Local mail: one JSON file per message under DATA_DIR/mail, and a log line. */
@Injectable()
export class OutboxMailTransport implements MailTransport {
  private readonly logger = new Logger('Mail');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async send(mail: Mail): Promise<void> {
    await mkdir(this.config.mail.dir, { recursive: true });
    const file = join(this.config.mail.dir, `${mail.id}.json`);
    // Write then rename: a reader never sees half a message, and a resend replaces it.
    await writeFile(`${file}.tmp`, `${JSON.stringify({ ...mail, sentAt: new Date().toISOString() }, null, 2)}\n`);
    await rename(`${file}.tmp`, file);
    this.logger.log(`mail to customer ${mail.customerId}: ${mail.subject}`);
  }
}
