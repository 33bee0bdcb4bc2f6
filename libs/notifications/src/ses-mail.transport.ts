import { CognitoIdentityProviderClient, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, awsClientConfig, type AppConfig } from '@gomart/config';
import type { Mail, MailTransport } from './mail';

/**
 * Mail through Amazon SES (AWS). Orders know customers by their Cognito `sub`; the address
 * is looked up in the user pool. A customer without an address (account deleted) is skipped
 * with a warning rather than blocking the queue; any other failure throws, so the event is
 * redelivered and, if it keeps failing, lands in the dead-letter queue.
 */
@Injectable()
export class SesMailTransport implements MailTransport, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private clients?: { readonly ses: SESv2Client; readonly cognito: CognitoIdentityProviderClient };

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Created on first use: this adapter is built in every shape, and used only with MAIL_TRANSPORT=ses. */
  private get aws() {
    this.clients ??= {
      ses: new SESv2Client(awsClientConfig(this.config.aws)),
      cognito: new CognitoIdentityProviderClient(awsClientConfig(this.config.aws)),
    };
    return this.clients;
  }

  async send(mail: Mail): Promise<void> {
    const to = mail.to ?? (await this.addressOf(mail.customerId));
    if (!to) {
      this.logger.warn(`no e-mail address for customer ${mail.customerId}; "${mail.subject}" not sent`);
      return;
    }
    await this.aws.ses.send(
      new SendEmailCommand({
        FromEmailAddress: this.config.mail.from,
        Destination: { ToAddresses: [to] },
        Content: { Simple: { Subject: { Data: mail.subject }, Body: { Text: { Data: mail.text } } } },
        EmailTags: [{ Name: 'event', Value: mail.id }],
      }),
    );
    this.logger.log(`mail to customer ${mail.customerId}: ${mail.subject}`);
  }

  onApplicationShutdown(): void {
    this.clients?.ses.destroy();
    this.clients?.cognito.destroy();
  }

  private async addressOf(customerId: string): Promise<string | undefined> {
    const { Users = [] } = await this.aws.cognito.send(
      new ListUsersCommand({
        UserPoolId: this.config.mail.userPoolId,
        Filter: `sub = "${customerId.replace(/["\\]/g, '')}"`,
        Limit: 1,
      }),
    );
    return Users[0]?.Attributes?.find((attribute) => attribute.Name === 'email')?.Value;
  }
}
