import { Agent, request as httpRequest } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDynamo } from '@gomart/dynamo';
import { PausableProxy, ServiceProcess, waitFor } from '@gomart/testing';

/**
 * Graceful shutdown of the production build as a real process: SIGTERM turns readiness to
 * 503, the drain period keeps serving, in-flight requests complete, and the process exits 0.
 */
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'gomart-shutdown-'));
});

afterAll(() => rm(dataDir, { recursive: true, force: true }));

interface Outcome {
  readonly status: number;
}

/** One request on its own connection; resolves when it was fully sent, and again when answered. */
function send(url: string): { sent: Promise<void>; answered: Promise<Outcome> } {
  let markSent: () => void = () => undefined;
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const answered = new Promise<Outcome>((resolve, reject) => {
    const request = httpRequest(url, { agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
    });
    request.on('error', reject);
    request.on('finish', markSent);
    request.end();
  });
  return { sent, answered };
}

const started: ServiceProcess[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((service) => service.stop('SIGKILL')));
});

function startShop(env: Record<string, string>): ServiceProcess {
  const service = ServiceProcess.start({
    app: 'gomart',
    env: { DATA_DIR: dataDir, DATA_IN_MEMORY: 'true', SEED_PRODUCT_COUNT: '2000', CACHE_MEMORY_TTL_MS: '0', ...env },
  });
  started.push(service);
  return service;
}

it('finishes every in-flight request with 2xx on SIGTERM, then exits 0', async () => {
  // The shop's DynamoDB goes through a proxy the test pauses: requests that reach the shop
  // then wait on the database, certainly in flight when the signal comes.
  const dynamo = await EmbeddedDynamo.start();
  const proxy = await PausableProxy.start(dynamo.endpoint);
  try {
    const service = startShop({ SHUTDOWN_DRAIN_MS: '0', LOG_LEVEL: 'debug', DYNAMODB_ENDPOINT: proxy.url, SEED_PRODUCT_COUNT: '200' });
    const url = await service.url;

    proxy.pause();
    const ids = Array.from({ length: 50 }, (_, index) => `${['fv', 'de', 'bk', 'ms', 'dl'][index % 5]}-${String(Math.floor(index / 5) + 1).padStart(6, '0')}`);
    const inFlight = ids.map((id) => send(`${url}/catalog/products/${id}`));
    await Promise.all(inFlight.map((request) => request.sent));
    await waitFor('every request to reach the shop', async () =>
      service.logs.filter((line) => line.msg === 'incoming request' && String(line.url).startsWith('/catalog/products/')).length >= ids.length
        ? true
        : undefined,
    );
    service.child.kill('SIGTERM');
    await waitFor('the shop to start shutting down', async () =>
      service.logs.some((line) => String(line.msg).includes('SIGTERM')) ? true : undefined,
    );
    // Still running: it is waiting for the requests it holds, however long the database takes.
    expect(service.child.exitCode).toBeNull();
    proxy.resume();

    const outcomes = await Promise.all(inFlight.map((request) => request.answered));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(ids.length).fill(200));
    expect(await service.exited).toEqual({ code: 0, signal: null });
  } finally {
    proxy.resume();
    await proxy.stop();
    await dynamo.stop();
  }
});

it('turns readiness to 503 for the drain period while still serving, then exits 0', async () => {
  const service = startShop({ SHUTDOWN_DRAIN_MS: '1500' });
  const url = await service.url;
  expect((await fetch(`${url}/health/ready`)).status).toBe(200);

  service.child.kill('SIGTERM');
  await waitFor('the shop to start shutting down', async () =>
    service.logs.some((line) => String(line.msg).includes('SIGTERM')) ? true : undefined,
  );
  const ready = await fetch(`${url}/health/ready`);
  expect(ready.status).toBe(503);
  expect(((await ready.json()) as { status: string }).status).toBe('shutting_down');
  expect((await fetch(`${url}/health/live`)).status).toBe(200);
  expect((await fetch(`${url}/catalog/products/pt-000001`)).status).toBe(200);

  expect(await service.exited).toEqual({ code: 0, signal: null });
});

interface KeepAliveTally {
  ok: number;
  /** Answers that said the connection ends with them. */
  closing: number;
  /** Connections cut under a request: what a client must never see. */
  resets: string[];
}

/** One request on a pooled keep-alive connection: its status and Connection header, or how it failed. */
function reuse(agent: Agent, url: string): Promise<{ status: number; connection?: string } | { error: string }> {
  return new Promise((resolve) => {
    const request = httpRequest(url, { agent }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, connection: response.headers.connection }));
      response.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    request.end();
  });
}

it('fails no request across SIGTERM: kept-alive clients are told Connection: close and move off, in-flight ones are answered', async () => {
  const service = startShop({ SHUTDOWN_DRAIN_MS: '800', SEED_PRODUCT_COUNT: '20' });
  const url = await service.url;
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const tally: KeepAliveTally = { ok: 0, closing: 0, resets: [] };
  let signalled = false;
  // Eight clients, each reusing its connection as fast as answers come. Like a load balancer
  // that has deregistered the instance (or a caller whose discovery no longer lists it), a
  // client opens no new connection once the shop has told it `Connection: close`; until then
  // it keeps sending on the connection it has, through the drain and the listener's close.
  const client = async () => {
    for (let sent = 0; sent < 5000; sent++) {
      const outcome = await reuse(agent, `${url}/catalog/products/fv-000001`);
      if ('error' in outcome) {
        tally.resets.push(outcome.error);
        return;
      }
      if (outcome.status === 200) tally.ok++;
      if (signalled && outcome.connection === 'close') {
        tally.closing++;
        return;
      }
    }
  };
  const clients = Array.from({ length: 8 }, client);
  await waitFor('traffic on kept-alive connections', async () => (tally.ok > 200 ? true : undefined));
  signalled = true;
  service.child.kill('SIGTERM');
  await Promise.all(clients);
  agent.destroy();

  expect(tally.resets).toEqual([]);
  expect(tally.closing).toBe(8);
  expect(await service.exited).toEqual({ code: 0, signal: null });
}, 60_000);

it('answers a request on a kept-alive connection that was idle when the listener closed, with Connection: close', async () => {
  // An in-flight request held on the paused database keeps the shop closing, not gone.
  const dynamo = await EmbeddedDynamo.start();
  const proxy = await PausableProxy.start(dynamo.endpoint);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const service = startShop({ SHUTDOWN_DRAIN_MS: '0', DYNAMODB_ENDPOINT: proxy.url, SEED_PRODUCT_COUNT: '20', CACHE_MEMORY_TTL_MS: '60000' });
    const url = await service.url;
    // Served once (cached from now on), then idle in the client's pool.
    expect(await reuse(agent, `${url}/catalog/products/fv-000001`)).toMatchObject({ status: 200 });
    proxy.pause();
    const held = send(`${url}/catalog/products/fv-000002`);
    await held.sent;
    service.child.kill('SIGTERM');
    // The listener has closed: a new connection is refused.
    await waitFor('the listener to close', async () => {
      const fresh = await reuse(new Agent({ keepAlive: false }), `${url}/health/live`);
      return 'error' in fresh && fresh.error === 'ECONNREFUSED' ? true : undefined;
    });
    // The pooled connection was never told it would end: it is still answered, and told now.
    expect(await reuse(agent, `${url}/catalog/products/fv-000001`)).toEqual({ status: 200, connection: 'close' });
    proxy.resume();
    expect(await held.answered).toEqual({ status: 200 });
    expect(await service.exited).toEqual({ code: 0, signal: null });
  } finally {
    agent.destroy();
    proxy.resume();
    await proxy.stop();
    await dynamo.stop();
  }
});

it('exits anyway, with 1, when in-flight work outlasts SHUTDOWN_TIMEOUT_MS', async () => {
  const dynamo = await EmbeddedDynamo.start();
  const proxy = await PausableProxy.start(dynamo.endpoint);
  try {
    const service = startShop({ SHUTDOWN_DRAIN_MS: '0', SHUTDOWN_TIMEOUT_MS: '300', LOG_LEVEL: 'debug', DYNAMODB_ENDPOINT: proxy.url, SEED_PRODUCT_COUNT: '20' });
    const url = await service.url;
    proxy.pause();
    const stuck = send(`${url}/catalog/products/fv-000001`);
    stuck.answered.catch(() => undefined);
    await stuck.sent;
    await waitFor('the request to reach the shop', async () =>
      service.logs.some((line) => line.msg === 'incoming request' && line.url === '/catalog/products/fv-000001') ? true : undefined,
    );
    service.child.kill('SIGTERM');
    expect(await service.exited).toEqual({ code: 1, signal: null });
    expect(service.logs.some((line) => line.msg === 'graceful shutdown timed out; exiting')).toBe(true);
  } finally {
    proxy.resume();
    await proxy.stop();
    await dynamo.stop();
  }
});

it('refuses to start with a bad setting, naming the variable', async () => {
  const service = startShop({ PORT: 'eighty', CACHE_REDIS_TIMEOUT_MS: '-1', REDIS_URL: 'http://nope' });
  await expect(service.port).rejects.toThrow(/exited with 1/);
  const stderr = service.stderr.join('\n');
  expect(stderr).toContain('PORT');
  expect(stderr).toContain('CACHE_REDIS_TIMEOUT_MS');
  expect(stderr).toContain('REDIS_URL');
});
