import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLocalIssuer } from '@gomart/auth';
import { REPO_ROOT, waitFor } from '@gomart/testing';

/**
 * `npm run start:split` as the README describes it (after the build `npm test` already ran):
 * four processes with static discovery; an order placed on the orders service reserves in
 * the catalog service and mails from the notifications service. Ports are offset to stay
 * clear of anything else on this machine.
 */
let dataDir: string;
let split: ChildProcess;
const output: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'gomart-start-split-'));
});

afterAll(async () => {
  if (split && split.exitCode === null) split.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

// Four Node processes starting beside the other test files: more than the default 30 s.
it('runs the four services locally; an order flows through them; Ctrl-C stops them all', async () => {
  const offset = 20_000 + Math.floor(Math.random() * 20_000);
  split = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'start-split.js')], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      SPLIT_PORT_OFFSET: String(offset),
      DATA_DIR: dataDir,
      DATA_IN_MEMORY: 'true',
      SEED_PRODUCT_COUNT: '100',
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  split.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const ordersUrl = `http://127.0.0.1:${3002 + offset}`;
  for (const port of [3001, 3002, 3003, 3004]) {
    await waitFor(`service on ${port + offset}`, async () => ((await fetch(`http://127.0.0.1:${port + offset}/health/ready`)).ok ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 200,
    });
  }

  const issuer = await loadLocalIssuer(join(dataDir, 'keys'));
  const response = await fetch(`${ordersUrl}/orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${issuer.sign({ sub: 'split-carol' })}`, 'content-type': 'application/json', 'idempotency-key': 'start-split-0001' },
    body: JSON.stringify({ lines: [{ productId: 'fv-000001', quantity: 2 }] }),
  });
  expect(response.status).toBe(201);
  const product = await fetch(`http://127.0.0.1:${3001 + offset}/catalog/products/fv-000001`);
  expect(((await product.json()) as { name: string }).name).toBe('Bananas');
  await waitFor('the mail', async () => ((await readdir(join(dataDir, 'mail')).catch(() => [])).length > 0 ? true : undefined));
  // The log line goes through the notifications process's stdout and the script's pipe: it may trail the file.
  await waitFor('the mail in the log', async () => (/^notifications +\| .*Your Go Mart order/m.test(output.join('')) ? true : undefined));

  split.kill('SIGINT');
  const code = await new Promise((resolve) => split.once('exit', resolve));
  expect(code).toBe(0);
  expect(output.join('').match(/exited \(0\)/g)).toHaveLength(4);
}, 120_000);
