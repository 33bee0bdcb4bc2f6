import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import type { Mail, MailTransport } from './mail';

/**
 * Local mail: one JSON file per message sent under DATA_DIR/mail, and a log line. Every send
 * is its own file (`<event id>-<random>.json`), so a mail sent twice shows as two files, as a
 * customer would see two mails.
 */
@Injectable()
export class OutboxMailTransport implements MailTransport {
  private readonly logger = new Logger('Mail');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async send(mail: Mail): Promise<void> {
    await mkdir(this.config.mail.dir, { recursive: true });
    const file = join(this.config.mail.dir, `${mail.id}-${randomUUID().slice(0, 8)}.json`);
    // Write then rename: a reader never sees half a message.
    await writeFile(`${file}.tmp`, `${JSON.stringify({ ...mail, sentAt: new Date().toISOString() }, null, 2)}\n`);
    await rename(`${file}.tmp`, file);
    this.logger.log(`mail to customer ${mail.customerId}: ${mail.subject}`);
  }

  /** A file for this event is in the mailbox (a rename is atomic: a file there was sent whole). */
  async alreadySent(mail: Mail): Promise<boolean> {
    const names = await readdir(this.config.mail.dir).catch(() => [] as string[]);
    return names.some((name) => name.startsWith(`${mail.id}-`) && name.endsWith('.json'));
  }
}
