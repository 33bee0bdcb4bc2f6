import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, awsClientConfig, type AppConfig } from '@gomart/config';
import type { EventBus, OrderEvent } from '@gomart/contracts';
import { inSpan, SpanKind, traceCarrier } from '@gomart/tracing';

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
    const client = (this.client ??= new SNSClient(awsClientConfig(this.config.aws)));
    const attributes = { 'messaging.system': 'aws_sns', 'messaging.operation.type': 'publish', 'messaging.message.id': event.eventId };
    await inSpan(`publish ${event.type}`, { kind: SpanKind.PRODUCER, attributes }, async () => {
      // The event keeps the trace of the span that raised it; the attribute is the publisher's, for tools that read it.
      const traceparent = traceCarrier()?.traceparent;
      await client.send(
        new PublishCommand({
          TopicArn: topicArn,
          Message: JSON.stringify(event),
          MessageAttributes: {
            type: { DataType: 'String', StringValue: event.type },
            ...(traceparent ? { traceparent: { DataType: 'String', StringValue: traceparent } } : {}),
          },
        }),
      );
    });
  }

  onApplicationShutdown(): void {
    this.client?.destroy();
  }
}
