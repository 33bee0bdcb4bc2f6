import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, awsClientConfig, type AppConfig } from '@gomart/config';
import type { EventBus, OrderEvent } from '@gomart/contracts';

/**
 * Events to the SNS topic (AWS): SNS fans out to one SQS queue per consumer service, each with
 * a dead-letter queue. Resolves once SNS accepted the message; a failure leaves the event in
 * the order's outbox to be published again.
 */
@Injectable()
export class SnsEventBus implements EventBus, OnApplicationShutdown {
  private client?: SNSClient;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async publish(event: OrderEvent): Promise<void> {
    const topicArn = this.config.events.topicArn;
    if (!topicArn) throw new Error('EVENTS_TRANSPORT=sns needs EVENTS_TOPIC_ARN to publish');
    this.client ??= new SNSClient(awsClientConfig(this.config.aws));
    await this.client.send(
      new PublishCommand({
        TopicArn: topicArn,
        Message: JSON.stringify(event),
        MessageAttributes: { type: { DataType: 'String', StringValue: event.type } },
      }),
    );
  }

  onApplicationShutdown(): void {
    this.client?.destroy();
  }
}
