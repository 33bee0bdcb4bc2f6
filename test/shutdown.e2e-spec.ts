import { request as httpRequest } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess, waitFor } from '@gomart/testing';

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
  readonly finishedAt: number;
}

/** One request on its own connection; resolves when it was fully sent, and again when answered. */
function send(url: string): { sent: Promise<void>; answered: Promise<Outcome> } {
  let markSent: () => void = () => undefined;
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const answered = new Promise<Outcome>((resolve, reject) => {
    const request = httpRequest(url, { agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, finishedAt: performance.now() }));
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
  const service = startShop({ SHUTDOWN_DRAIN_MS: '0', LOG_LEVEL: 'debug' });
  const url = await service.url;

  // Distinct uncached searches that each read many index pages: slow enough to be in flight at SIGTERM.
  const inFlight = Array.from({ length: 80 }, (_, index) => send(`${url}/catalog/products?q=go%20mart&limit=${21 + index}`));
  await Promise.all(inFlight.map((request) => request.sent));
  // Signal once the server has received every request (its debug log says so per request).
  await waitFor('all requests to be received', async () =>
    service.logs.filter((line) => line.msg === 'incoming request').length >= 80 ? true : undefined,
  );
  const signalledAt = performance.now();
  service.child.kill('SIGTERM');

  const outcomes = await Promise.all(inFlight.map((request) => request.answered));
  expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(80).fill(200));
  // Only meaningful if requests really were in flight when the signal came.
  expect(outcomes.filter((outcome) => outcome.finishedAt > signalledAt).length).toBeGreaterThan(0);

  expect(await service.exited).toEqual({ code: 0, signal: null });
  expect(service.logs.some((line) => String(line.msg).includes('SIGTERM'))).toBe(true);
});

it('turns readiness to 503 for the drain period while still serving, then exits 0', async () => {
  const service = startShop({ SHUTDOWN_DRAIN_MS: '1500' });
  const url = await service.url;
  expect((await fetch(`${url}/health/ready`)).status).toBe(200);

  service.child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 100));
  const ready = await fetch(`${url}/health/ready`);
  expect(ready.status).toBe(503);
  expect(((await ready.json()) as { status: string }).status).toBe('shutting_down');
  expect((await fetch(`${url}/health/live`)).status).toBe(200);
  expect((await fetch(`${url}/catalog/products/pt-000001`)).status).toBe(200);

  expect(await service.exited).toEqual({ code: 0, signal: null });
});

it('refuses to start with a bad setting, naming the variable', async () => {
  const service = startShop({ PORT: 'eighty', CACHE_REDIS_TIMEOUT_MS: '-1', REDIS_URL: 'http://nope' });
  await expect(service.port).rejects.toThrow(/exited with 1/);
  const stderr = service.stderr.join('\n');
  expect(stderr).toContain('PORT');
  expect(stderr).toContain('CACHE_REDIS_TIMEOUT_MS');
  expect(stderr).toContain('REDIS_URL');
});
