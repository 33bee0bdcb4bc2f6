import { readdir, readFile } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoConnection } from '@gomart/dynamo';
import { storedStock, TestTables } from '@gomart/testing';

/**
 * What every reliability scenario reports, one row of the table `npm run test:reliability`
 * prints. A cell that breaks a promise fails the run: 5xx other than a deliberate 503 with
 * Retry-After, a connection reset, stock oversold or reserved apart from the open orders, an
 * order stuck PENDING, a mail lost or sent twice.
 */
export interface Row {
  scenario: string;
  requests: number;
  fiveXx: number;
  resets: number;
  placed: number;
  invariant: boolean;
  stuck: number;
  mailsLost: number;
  mailsDoubled: number;
  /** The first few unexpected 5xx answers, printed when there are any. */
  examples?: readonly string[];
}

const rows: Row[] = [];

/** Keeps the row for the table and fails the scenario if it broke a promise. */
export function record(row: Row): void {
  rows.push(row);
  if (row.examples?.length) process.stdout.write(`${row.scenario}: unexpected answers\n${row.examples.join('\n')}\n`);
  expect(row).toMatchObject({ fiveXx: 0, resets: 0, invariant: true, stuck: 0, mailsLost: 0, mailsDoubled: 0 });
}

/** The table of every row recorded in this file, for afterAll. */
export function printTable(notes: readonly string[] = []): void {
  const header = ['scenario', 'requests', '5xx', 'resets', 'placed', 'invariant', 'stuck', 'mail lost', 'mail doubled'];
  const lines = rows.map((row) =>
    [
      row.scenario,
      row.requests,
      row.fiveXx,
      row.resets,
      row.placed,
      row.invariant ? 'held' : 'BROKEN',
      row.stuck,
      row.mailsLost,
      row.mailsDoubled,
    ].map(String),
  );
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  process.stdout.write(
    `\n${[format(header), format(widths.map((width) => '-'.repeat(width))), ...lines.map(format), ...notes].join('\n')}\n`,
  );
}

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Record<string, unknown>;
}

/** One request on a client's own pooled keep-alive connection, as a browser or a load balancer sends it. */
export function call(
  agent: Agent,
  url: string,
  options: { method?: string; token?: string; key?: string; body?: unknown } = {},
): Promise<Answer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        agent,
        method: options.method ?? 'GET',
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.key ? { 'idempotency-key': options.key } : {}),
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: parseBody(text) });
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

function parseBody(text: string): Record<string, unknown> {
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    return { text };
  }
}

/** Whether an answer is the shop's deliberate "not now": 503 with Retry-After, nothing decided. */
export function deliberate(answer: {
  status: number;
  headers: { get(name: string): string | null } | Record<string, unknown>;
}): boolean {
  const retryAfter =
    'get' in answer.headers && typeof answer.headers.get === 'function'
      ? answer.headers.get('retry-after')
      : (answer.headers as Record<string, unknown>)['retry-after'];
  return answer.status === 503 && Number(retryAfter) > 0;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A repeatable pseudo-random sequence (Park–Miller), so a failing run can be replayed with its seed. */
export function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

/**
 * The stored books after a run, read straight from the store: orders still PENDING, and for
 * each product `stock + reserved + sold` = the initial stock, `held` = the units of the open
 * orders = the units the customers were told were placed, and no reservation left pending.
 */
export async function storedAudit(
  db: DynamoConnection,
  initial: Readonly<Record<string, number>>,
  placedUnits: Readonly<Record<string, number>>,
): Promise<{ invariant: boolean; stuck: number }> {
  const { Items = [] } = await db.client.send(
    new ScanCommand({ TableName: db.tableName(TestTables.orders), ConsistentRead: true }),
  );
  const stuck = Items.filter((item) => item.status === 'PENDING').length;
  let invariant = true;
  for (const [productId, units] of Object.entries(initial)) {
    const openUnits = Items.filter((item) => ['PLACED', 'PICKING', 'OUT_FOR_DELIVERY'].includes(String(item.status)))
      .flatMap((item) => item.lines as { productId: string; quantity: number }[])
      .filter((line) => line.productId === productId)
      .reduce((sum, line) => sum + line.quantity, 0);
    const state = await storedStock(db, productId);
    invariant &&=
      state.stock >= 0 &&
      state.stock + state.reserved + state.sold === units &&
      state.held === openUnits &&
      openUnits === (placedUnits[productId] ?? 0) &&
      Object.keys(state.reservations).length === 0;
  }
  return { invariant, stuck };
}

/**
 * The "order confirmed" mails in a local mail folder for the orders the customers were told
 * were placed: lost (an order with no mail) and doubled (two files for one event). Waits up to
 * `waitMs` for the last ones: a delivery cut after its claim waits for the claim's lease.
 */
export async function confirmationMails(
  dir: string,
  orderIds: readonly string[],
  waitMs = 75_000,
  meanwhile: () => Promise<unknown> = async () => undefined,
): Promise<{ mailsLost: number; mailsDoubled: number }> {
  const deadline = Date.now() + waitMs;
  const read = async () => {
    const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.json'));
    const mails = await Promise.all(
      names.map(async (name) => ({
        event: name.slice(0, 36),
        ...(JSON.parse(await readFile(join(dir, name), 'utf8')) as { subject: string }),
      })),
    );
    return mails.filter((mail) => mail.subject.endsWith(' is confirmed'));
  };
  let mails = await read();
  const missing = () => orderIds.filter((orderId) => !mails.some((mail) => mail.subject.includes(orderId)));
  while (missing().length > 0 && Date.now() < deadline) {
    await meanwhile();
    await sleep(1000);
    mails = await read();
  }
  const perEvent = new Map<string, number>();
  for (const mail of mails) perEvent.set(mail.event, (perEvent.get(mail.event) ?? 0) + 1);
  return { mailsLost: missing().length, mailsDoubled: [...perEvent.values()].filter((count) => count > 1).length };
}
