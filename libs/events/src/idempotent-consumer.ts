import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoTable } from '@gomart/dynamo';

/** The event is being handled by another delivery right now; the transport should redeliver it later. */
export class EventBusyError extends Error {
  constructor(eventId: string) {
    super(`event ${eventId} is being handled by another delivery`);
    this.name = 'EventBusyError';
  }
}

export interface IdempotentConsumerOptions {
  /** How long a claim protects a delivery in progress; a claim older than this was a crash and may be taken over. */
  readonly leaseMs: number;
  /** Seconds after which DynamoDB may delete the record (the table's TTL attribute `expiresAt`), if any. */
  readonly keepSeconds?: number;
}

export type ConsumeOutcome = 'handled' | 'duplicate';

export interface Claim {
  /**
   * Whether an earlier delivery claimed this event and never marked it done: it crashed (its
   * lease expired) or its work failed. What that work did outside the table (a mail sent just
   * before the crash) may have happened; work that can check should.
   */
  readonly retried: boolean;
}

/**
 * Handles each event once across deliveries — repeated ones, and concurrent ones, which
 * at-least-once transports produce — by keeping one record per event id in the consumer's
 * table: first a claim with a lease (a conditional write only one delivery wins), then the
 * work, then the record marked done with what the work returns. A second delivery while the
 * first is at work is told to come back later (EventBusyError); a delivery after it finished
 * is a duplicate; a claim whose holder crashed expires and is taken over.
 */
export class IdempotentConsumer {
  constructor(
    private readonly table: DynamoTable,
    private readonly options: IdempotentConsumerOptions,
  ) {}

  async once(eventId: string, work: (claim: Claim) => Promise<Record<string, unknown>>): Promise<ConsumeOutcome> {
    const now = Date.now();
    const claim = await this.table.writeOrExplain(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { eventId },
        UpdateExpression: 'SET #state = :claimed, claimedUntil = :until',
        ConditionExpression: 'attribute_not_exists(eventId) OR (#state = :claimed AND claimedUntil < :now)',
        ExpressionAttributeNames: { '#state': 'consumerState' },
        ExpressionAttributeValues: { ':claimed': 'claimed', ':until': now + this.options.leaseMs, ':now': now },
        // The state before: a claim there already was one never marked done.
        ReturnValues: 'UPDATED_OLD',
      }),
      (current): ConsumeOutcome => {
        if (current?.consumerState === 'claimed') throw new EventBusyError(eventId);
        return 'duplicate';
      },
    );
    if (!claim.applied) return claim.explanation;
    let result: Record<string, unknown>;
    try {
      result = await work({ retried: claim.item.consumerState === 'claimed' });
    } catch (error) {
      // Let the next delivery try at once rather than after the lease.
      await this.release(eventId).catch(() => undefined);
      throw error;
    }
    await this.done(eventId, result);
    return 'handled';
  }

  /** How many events are done (a rebuild's progress): a counting scan, nothing read into memory. */
  async countDone(): Promise<number> {
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.table.client.send(
        new ScanCommand({
          TableName: this.table.name,
          Select: 'COUNT',
          FilterExpression: 'consumerState = :done',
          ExpressionAttributeValues: { ':done': 'done' },
          ExclusiveStartKey: start,
        }),
      );
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    return count;
  }

  /** The records of every event done, a page at a time (claims still at work are left out). */
  async *doneRecords(pageSize: number): AsyncGenerator<Record<string, unknown>[]> {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.table.client.send(new ScanCommand({ TableName: this.table.name, Limit: pageSize, ExclusiveStartKey: start }));
      yield (page.Items ?? []).filter((item) => item.consumerState === 'done');
      start = page.LastEvaluatedKey;
    } while (start);
  }

  private async done(eventId: string, result: Record<string, unknown>): Promise<void> {
    const fields = Object.entries({
      ...result,
      consumerState: 'done',
      ...(this.options.keepSeconds ? { expiresAt: Math.floor(Date.now() / 1000) + this.options.keepSeconds } : {}),
    }).filter(([name, value]) => value !== undefined && !this.table.keyNames().includes(name));
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { eventId },
        UpdateExpression: `SET ${fields.map((_, index) => `#f${index} = :v${index}`).join(', ')} REMOVE claimedUntil`,
        ExpressionAttributeNames: Object.fromEntries(fields.map(([name], index) => [`#f${index}`, name])),
        ExpressionAttributeValues: Object.fromEntries(fields.map(([, value], index) => [`:v${index}`, value])),
      }),
    );
  }

  private async release(eventId: string): Promise<void> {
    await this.table.conditionally(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { eventId },
        UpdateExpression: 'SET claimedUntil = :zero',
        ConditionExpression: '#state = :claimed',
        ExpressionAttributeNames: { '#state': 'consumerState' },
        ExpressionAttributeValues: { ':zero': 0, ':claimed': 'claimed' },
      }),
    );
  }
}
