import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { copyCheckout, freePort, REPO_ROOT, waitFor } from '@gomart/testing';

const run = promisify(execFile);

/**
 * A newcomer's path, as the README tells it, in a copy of the repository holding only what
 * git would check out (dependencies linked, as `npm ci` would have installed them):
 * `npm run start:dev` serves the demo shop on embedded defaults, and `npm run token` prints
 * a token that shop accepts.
 */
let clone: string;
let shop: ChildProcess | undefined;

beforeAll(async () => {
  clone = await mkdtemp(join(tmpdir(), 'gomart-clone-'));
  await copyCheckout(REPO_ROOT, clone);
}, 60_000);

afterAll(async () => {
  // start:dev is a watcher with a child server: stop the whole process group.
  shop?.stdout?.destroy();
  if (shop?.pid) {
    try {
      process.kill(-shop.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await rm(clone, { recursive: true, force: true });
});

it('starts the monolith with `npm run start:dev` and accepts a token from `npm run token`', async () => {
  const port = await freePort();
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? clone, PORT: String(port) };
  shop = spawn('npm', ['run', 'start:dev'], { cwd: clone, env, detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  let printed = '';
  shop.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;

  await waitFor('the shop to be ready', async () => ((await fetch(`${url}/health/ready`)).ok ? true : undefined), {
    timeoutMs: 90_000,
    intervalMs: 500,
  });
  // It says where the shop is, once, in words (not only as JSON log lines).
  await waitFor('the ready line', async () => (/shop ready in [\d.]+ s: http:\/\/localhost:\d+\//.test(printed) ? true : undefined), { timeoutMs: 10_000 });
  expect(printed).toContain(`http://localhost:${port}/`);
  const page = (await (await fetch(`${url}/catalog/products?category=fruit-veg&limit=5`)).json()) as { items: unknown[] };
  expect(page.items).toHaveLength(5);

  const { stdout: token } = await run('npm', ['run', '--silent', 'token', '--', '--sub', 'alice', '--admin'], { cwd: clone, env });
  const created = await fetch(`${url}/catalog/products`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token.trim()}`, 'content-type': 'application/json' },
    body: JSON.stringify({ sku: 'FV-777777', name: 'Dragon Fruit', brand: 'Go Mart', category: 'fruit-veg', priceCents: 399, unit: 'each', stock: 12 }),
  });
  expect(created.status).toBe(201);
  expect((await fetch(`${url}/catalog/products/fv-777777`)).status).toBe(200);
}, 150_000);
