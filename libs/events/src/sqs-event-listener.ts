import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { sleep } from '@gomart/async';
import { APP_CONFIG, awsClientConfig, type AppConfig } from '@gomart/config';
import { asOrderEvent, type OrderEvent } from '@gomart/contracts';
import { OrderEventConsumers } from './order-event-consumers';

const LONG_POLL_SECONDS = 20;

/**
 * Order events from this service's SQS queue (AWS: SNS topic → queue per consumer). A message
 * is deleted only after every local consumer handled it; otherwise it becomes visible again,
 * and after the queue's maxReceiveCount it moves to the dead-letter queue. Active when
 * EVENTS_TRANSPORT=sns and EVENTS_QUEUE_URL is set.
 */
@Injectable()
export class SqsEventListener implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('SqsEvents');
  private readonly abort = new AbortController();
  private client?: SQSClient;
  private loop?: Promise<void>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OrderEventConsumers) private readonly consumers: OrderEventConsumers,
  ) {}

  onApplicationBootstrap(): void {
    const { transport, queueUrl } = this.config.events;
    if (transport !== 'sns' || !queueUrl) return;
    // A long poll holds the request for up to LONG_POLL_SECONDS: its deadline must be longer.
    this.client = new SQSClient(awsClientConfig(this.config.aws, (LONG_POLL_SECONDS + 10) * 1000));
    this.loop = this.poll(this.client, queueUrl);
  }

  /** Stop receiving and let the messages in hand finish before the app closes its clients. */
  async beforeApplicationShutdown(): Promise<void> {
    this.abort.abort();
    await this.loop;
    this.client?.destroy();
  }

  private async poll(client: SQSClient, queueUrl: string): Promise<void> {
    this.logger.log(`receiving order events from ${queueUrl}`);
    while (!this.abort.signal.aborted) {
      let messages: Message[];
      try {
        const received = await client.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: LONG_POLL_SECONDS }),
          { abortSignal: this.abort.signal },
        );
        messages = received.Messages ?? [];
      } catch (error) {
        if (this.abort.signal.aborted) break;
        this.logger.warn(`receive failed: ${error instanceof Error ? error.message : String(error)}`);
        await sleep(1000);
        continue;
      }
      await Promise.all(messages.map((message) => this.handle(client, queueUrl, message)));
    }
  }

  private async handle(client: SQSClient, queueUrl: string, message: Message): Promise<void> {
    const event = parseEvent(message.Body);
    if (!event) {
      this.logger.warn(`message ${message.MessageId} is not an order event; left for the dead-letter queue`);
      return;
    }
    try {
      await this.consumers.deliver(event);
      await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
    } catch (error) {
      this.logger.warn(`${event.type} ${event.eventId} not handled, will be redelivered: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** The event in a message body: raw delivery (the event itself) or an SNS envelope around it. */
function parseEvent(body: string | undefined): OrderEvent | undefined {
  try {
    let value = JSON.parse(body ?? '') as Record<string, unknown>;
    if (value.Type === 'Notification' && typeof value.Message === 'string') value = JSON.parse(value.Message) as Record<string, unknown>;
    return asOrderEvent(value);
  } catch {
    return undefined;
  }
}
