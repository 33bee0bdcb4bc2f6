import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor, type CursorKey } from './page-cursor';
import type { TableDefinition } from './table-definition';

export type Item = Record<string, unknown>;
type ConditionalCommand = PutCommand | UpdateCommand | DeleteCommand;

export type WriteOutcome<R> = { readonly applied: true; readonly item: Item } | { readonly applied: false; readonly explanation: R };

export interface Page<T> {
  readonly items: readonly T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

export interface PageRequest {
  readonly limit: number;
  readonly cursor?: string;
}

/** A query's input without what `queryPage` fills in. */
export type PageQueryInput = Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey' | 'Limit' | 'IndexName'> & {
  /** Query this index (by its name in the table definition) instead of the table. */
  readonly index?: string;
};

/**
 * One table of one domain: its physical name, its definition and the process's document
 * client, with the two patterns every repository repeats made once — a conditional write that
 * explains its failure, and a query read one page at a time behind an opaque cursor.
 * Obtained with `@InjectTable(definition)` in a module that imported `DynamoModule.forFeature`.
 */
export class DynamoTable<T extends TableDefinition = TableDefinition> {
  constructor(
    readonly client: DynamoDBDocumentClient,
    readonly name: string,
    readonly definition: T,
  ) {}

  /** The item under `key`, strongly consistent unless told otherwise. */
  async get(key: Item, options: { consistent?: boolean; projection?: readonly string[] } = {}): Promise<Item | undefined> {
    const projection = options.projection ? projectionOf(options.projection) : {};
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.name, Key: key, ConsistentRead: options.consistent ?? true, ...projection }),
    );
    return Item;
  }

  /** Sends a conditional write: true when it was applied, false when its condition did not hold. */
  async conditionally(command: ConditionalCommand): Promise<boolean> {
    return (await this.attempt(command)) !== undefined;
  }

  /**
   * Sends a conditional write. On a failed condition — which does not say which part failed —
   * reads the item (strongly consistent) and returns what `explain` makes of it: "this was
   * already done", a shortage, or a reason to try again. Applied, it carries the attributes
   * the command asked for (`ReturnValues`), or `{}`.
   */
  async writeOrExplain<R>(
    command: ConditionalCommand,
    explain: (current: Item | undefined) => R | Promise<R>,
  ): Promise<WriteOutcome<R>> {
    const written = await this.attempt(command);
    if (written !== undefined) return { applied: true, item: written };
    return { applied: false, explanation: await explain(await this.get(this.keyOf(command))) };
  }

  /** `writeOrExplain` where a failed condition is always an error: `failure` builds it from the item. */
  async writeOrThrow(command: ConditionalCommand, failure: (current: Item | undefined) => Error): Promise<Item> {
    const outcome = await this.writeOrExplain(command, (current) => failure(current));
    if (outcome.applied) return outcome.item;
    throw outcome.explanation;
  }

  /**
   * One page of a query: at most `limit` items, and a cursor that only this same listing
   * accepts (`mode`, plus `accept` checking the key's partition, so a client cannot steer a
   * query into another customer's or another aisle's partition).
   */
  async queryPage(
    input: PageQueryInput,
    page: PageRequest & { readonly mode: string; readonly accept: (key: CursorKey) => boolean },
  ): Promise<Page<Item>> {
    const { index, ...query } = input;
    const keyNames = this.keyNames(index);
    const start = page.cursor ? decodeCursor(page.mode, page.cursor, keyNames, page.accept) : undefined;
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({ ...query, TableName: this.name, IndexName: index, Limit: page.limit, ExclusiveStartKey: start }),
    );
    return { items: Items, nextCursor: LastEvaluatedKey ? encodeCursor(page.mode, pick(LastEvaluatedKey, keyNames)) : null };
  }

  /** The attributes that make up a key of the table, or of one of its indexes (with the table's). */
  keyNames(index?: string): string[] {
    const own = [this.definition.partitionKey.name, this.definition.sortKey?.name];
    const definition = index === undefined ? undefined : this.definition.indexes[index];
    if (index !== undefined && !definition) throw new Error(`table ${this.definition.id} has no index ${index}`);
    const names = [...own, definition?.partitionKey.name, definition?.sortKey?.name].filter((name): name is string => Boolean(name));
    return [...new Set(names)];
  }

  private async attempt(command: ConditionalCommand): Promise<Item | undefined> {
    try {
      // One client method for the three command types: their outputs share `Attributes`.
      const output = (await this.client.send(command as UpdateCommand)) as { Attributes?: Item };
      return output.Attributes ?? {};
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  private keyOf(command: ConditionalCommand): Item {
    const input = command.input as { Key?: Item; Item?: Item };
    return input.Key ?? pick(input.Item ?? {}, this.keyNames());
  }
}

function pick(item: Item, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.filter((name) => item[name] !== undefined).map((name) => [name, String(item[name])]));
}

/** `ProjectionExpression` with a placeholder per attribute, so reserved words are safe. */
export function projectionOf(attributes: readonly string[]): { ProjectionExpression: string; ExpressionAttributeNames: Record<string, string> } {
  return {
    ProjectionExpression: attributes.map((_, index) => `#p${index}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(attributes.map((name, index) => [`#p${index}`, name])),
  };
}
