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
  private readonly client: SNSClient;
  private readonly topicArn: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (!config.events.topicArn) throw new Error('EVENTS_TRANSPORT=sns needs EVENTS_TOPIC_ARN to publish');
    this.topicArn = config.events.topicArn;
    this.client = new SNSClient(awsClientConfig(config.aws));
  }

  async publish(event: OrderEvent): Promise<void> {
    await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Message: JSON.stringify(event),
        MessageAttributes: { type: { DataType: 'String', StringValue: event.type } },
      }),
    );
  }

  onApplicationShutdown(): void {
    this.client.destroy();
  }
}
