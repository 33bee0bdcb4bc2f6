import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ServiceName } from '../services';

export interface OrderEventsProps {
  /** `<prefix>-`: the topic is `<prefix>-order-events`, queues `<prefix>-order-events-<consumer>`. */
  readonly namePrefix: string;
  readonly consumers: readonly ServiceName[];
  readonly removalPolicy: RemovalPolicy;
  /**
   * How long a consumer has to process a message before it is redelivered; the app must
   * finish (or extend the visibility) within it.
   */
  readonly visibilityTimeout?: Duration;
  /** Deliveries before a message moves to the dead-letter queue. */
  readonly maxReceiveCount?: number;
}

/** One consumer's queue and the dead-letter queue its failed messages move to. */
export interface ConsumerQueue {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
}

/**
 * The order-events fan-out: an SNS topic the orders service publishes to, and per consumer
 * an SQS queue (raw message delivery) with a dead-letter queue. Delivery is at least once;
 * consumers de-duplicate on the event id.
 */
export class OrderEvents extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.Key;
  private readonly queues = new Map<ServiceName, ConsumerQueue>();

  constructor(scope: Construct, id: string, props: OrderEventsProps) {
    super(scope, id);
    const topicName = `${props.namePrefix}order-events`;

    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts messages on ${topicName}`,
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    this.topic = new sns.Topic(this, 'Topic', { topicName, masterKey: this.key, enforceSSL: true });

    for (const consumer of props.consumers) {
      const deadLetterQueue = new sqs.Queue(this, `${consumer}-dlq`, {
        queueName: `${topicName}-${consumer}-dlq`,
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
        removalPolicy: props.removalPolicy,
      });
      const queue = new sqs.Queue(this, consumer, {
        queueName: `${topicName}-${consumer}`,
        // SSE-SQS: SNS can deliver to it without a key policy grant.
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout: props.visibilityTimeout ?? Duration.seconds(60),
        retentionPeriod: Duration.days(4),
        receiveMessageWaitTime: Duration.seconds(20),
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
        removalPolicy: props.removalPolicy,
      });
      this.topic.addSubscription(new subscriptions.SqsSubscription(queue, { rawMessageDelivery: true }));
      this.queues.set(consumer, { queue, deadLetterQueue });
    }
  }

  /** Lets a principal publish: sns:Publish on the topic and the two key operations SNS needs for it. */
  grantPublish(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({ grantee, actions: ['sns:Publish'], resourceArns: [this.topic.topicArn] });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resourceArns: [this.key.keyArn],
    });
  }

  /** The queue a consumer reads; throws for a service that is not a consumer. */
  queueOf(consumer: ServiceName): ConsumerQueue {
    const entry = this.queues.get(consumer);
    if (!entry) throw new Error(`OrderEvents: ${consumer} is not a consumer of order events`);
    return entry;
  }

  /** Every consumer queue, in the order the consumers were given. */
  allQueues(): readonly (ConsumerQueue & { readonly consumer: ServiceName })[] {
    return [...this.queues].map(([consumer, entry]) => ({ consumer, ...entry }));
  }
}
