import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { CatalogTables } from '@gomart/catalog';
import { DynamoConnection } from '@gomart/dynamo';
import { OrderTables } from '@gomart/orders';
import { REPO_ROOT } from '@gomart/testing';
import { oldOrders, putOrders } from './archive-support';

/**
 * `npm run drill:restore -- --yes` (the production build, as a child process) on an embedded
 * store on disk holding orders and products: it snapshots, destroys, restores and verifies,
 * and says how long the restore took.
 */
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'gomart-drill-'));
  const db = await DynamoConnection.open({ mode: 'embedded', embeddedPath: join(dataDir, 'dynamodb'), region: 'ap-southeast-2', tablePrefix: 'gomart-', createTables: true, timeoutMs: 10_000 });
  await db.register([...Object.values(OrderTables), ...Object.values(CatalogTables)]);
  await putOrders(db.client, db.tableName(OrderTables.orders), oldOrders({ customers: 20, days: 20, endDaysAgo: 3 }).orders.map(({ order }) => order));
  for (const [index, stock] of [40, 0, 7].entries()) {
    await db.client.send(
      new PutCommand({ TableName: db.tableName(CatalogTables.products), Item: { id: `drill-${index}`, sku: `DRILL-${index}`, stock, held: 3, sold: 5, reservations: { ord_x: 1 } } }),
    );
  }
  await db.close();
}, 60_000);

afterAll(() => rm(dataDir, { recursive: true, force: true }));

function drill(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'drill-restore.js'), ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

it('refuses to run without --yes', async () => {
  expect((await drill([])).code).toBe(2);
});

it('restores a destroyed store and verifies every order and the stock', async () => {
  const { code, stdout, stderr } = await drill(['--yes']);
  expect(stderr).not.toMatch(/FAILED|Error/);
  expect(code).toBe(0);
  const orders = Number(/\((\d+) orders\)/.exec(stdout)?.[1]);
  expect(orders).toBeGreaterThan(20);
  expect(stdout).toMatch(/2\. destroyed: \d+ tables deleted \(0 items left\)/);
  expect(stdout).toMatch(/the stock of 3 products/);
  expect(stdout).toMatch(/Local RTO: \d+\.\d+ s/);
  process.stdout.write(stdout);
  // The store is whole again: a second drill finds the same orders.
  const again = await drill(['--yes']);
  expect(again.code).toBe(0);
  expect(Number(/\((\d+) orders\)/.exec(again.stdout)?.[1])).toBe(orders);
}, 120_000);
