import { QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Injectable } from '@nestjs/common';
import { mapConcurrently } from '@gomart/async';
import { batchWriteAll, DynamoTable, InjectTable } from '@gomart/dynamo';
import { AnalyticsTables } from './analytics.tables';
import type { CounterIncrement } from './daily-counters';

/** A counter as read: its day and key, its numbers and labels. */
export interface CounterRow {
  readonly day: string;
  readonly key: string;
  readonly values: Readonly<Record<string, number>>;
  readonly labels: Readonly<Record<string, string>>;
}

const WRITES_IN_FLIGHT = 8;

/** The daily counters on DynamoDB: every increment one atomic `ADD` on its item. */
@Injectable()
export class DailyCounterStore {
  constructor(@InjectTable(AnalyticsTables.analyticsDaily) private readonly table: DynamoTable<typeof AnalyticsTables.analyticsDaily>) {}

  async apply(increments: readonly CounterIncrement[]): Promise<void> {
    await mapConcurrently(increments, WRITES_IN_FLIGHT, (increment) => {
      const adds = Object.entries(increment.add);
      const labels = Object.entries(increment.labels ?? {});
      return this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: { day: increment.day, key: increment.key },
          UpdateExpression: [
            `ADD ${adds.map((_, index) => `#a${index} :a${index}`).join(', ')}`,
            ...(labels.length ? [`SET ${labels.map((_, index) => `#l${index} = :l${index}`).join(', ')}`] : []),
          ].join(' '),
          ExpressionAttributeNames: {
            ...Object.fromEntries(adds.map(([name], index) => [`#a${index}`, name])),
            ...Object.fromEntries(labels.map(([name], index) => [`#l${index}`, `label_${name}`])),
          },
          ExpressionAttributeValues: {
            ...Object.fromEntries(adds.map(([, value], index) => [`:a${index}`, value])),
            ...Object.fromEntries(labels.map(([, value], index) => [`:l${index}`, value])),
          },
        }),
      );
    });
  }

  /** Every counter of the days `from` to `to` (inclusive): one query per day. */
  async read(days: readonly string[]): Promise<CounterRow[]> {
    const perDay = await mapConcurrently(days, WRITES_IN_FLIGHT, async (day) => {
      const rows: CounterRow[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await this.table.client.send(
          new QueryCommand({
            TableName: this.table.name,
            KeyConditionExpression: '#day = :day',
            ExpressionAttributeNames: { '#day': 'day' },
            ExpressionAttributeValues: { ':day': day },
            ExclusiveStartKey: start,
          }),
        );
        rows.push(...(page.Items ?? []).map(toRow));
        start = page.LastEvaluatedKey;
      } while (start);
      return rows;
    });
    return perDay.flat();
  }

  /** Replaces the counters of the given rows' items whole (the backfill writes what it recomputed). */
  async replace(rows: readonly CounterRow[]): Promise<void> {
    const items = rows.map((row) => ({
      day: row.day,
      key: row.key,
      ...row.values,
      ...Object.fromEntries(Object.entries(row.labels).map(([name, value]) => [`label_${name}`, value])),
    }));
    await batchWriteAll(this.table.client, this.table.name, items.map((Item) => ({ PutRequest: { Item } })));
  }

  /** The key of every counter (the backfill finds the ones no fact gives any more). */
  async keys(): Promise<{ day: string; key: string }[]> {
    const keys: { day: string; key: string }[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.table.client.send(
        new ScanCommand({ TableName: this.table.name, ProjectionExpression: '#day, #key', ExpressionAttributeNames: { '#day': 'day', '#key': 'key' }, ExclusiveStartKey: start }),
      );
      keys.push(...(page.Items ?? []).map((item) => ({ day: String(item.day), key: String(item.key) })));
      start = page.LastEvaluatedKey;
    } while (start);
    return keys;
  }

  async remove(keys: readonly { day: string; key: string }[]): Promise<void> {
    await batchWriteAll(this.table.client, this.table.name, keys.map((Key) => ({ DeleteRequest: { Key } })));
  }
}

function toRow(item: Record<string, unknown>): CounterRow {
  const values: Record<string, number> = {};
  const labels: Record<string, string> = {};
  for (const [name, value] of Object.entries(item)) {
    if (name === 'day' || name === 'key') continue;
    if (name.startsWith('label_') && typeof value === 'string') labels[name.slice('label_'.length)] = value;
    else if (typeof value === 'number') values[name] = value;
  }
  return { day: String(item.day), key: String(item.key), values, labels };
}