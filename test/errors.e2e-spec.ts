import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDynamo } from '@gomart/dynamo';
import { PausableProxy, ServiceProcess, waitFor } from '@gomart/testing';

/**
 * When DynamoDB is out of reach: readiness answers 503 naming it, and a request that needed
 * it answers 500 with only an error id — the same id is in the log line with the cause.
 */
let dynamo: EmbeddedDynamo;
let proxy: PausableProxy;
let dataDir: string;
let shop: ServiceProcess;

beforeAll(async () => {
  [dynamo, dataDir] = await Promise.all([EmbeddedDynamo.start(), mkdtemp(join(tmpdir(), 'gomart-errors-'))]);
  proxy = await PausableProxy.start(dynamo.endpoint);
  shop = ServiceProcess.start({
    app: 'gomart',
    env: {
      DATA_DIR: dataDir,
      DYNAMODB_ENDPOINT: proxy.url,
      DYNAMODB_TIMEOUT_MS: '300',
      SEED_PRODUCT_COUNT: '20',
      CACHE_MEMORY_TTL_MS: '0',
    },
  });
  await shop.url;
});

afterAll(async () => {
  await shop.stop('SIGKILL');
  await proxy.stop();
  await dynamo.stop();
  await rm(dataDir, { recursive: true, force: true });
});

it('reports DynamoDB down in readiness (503), answers 503 with Retry-After (a dependency gone is worth a retry), logs it, and recovers', async () => {
  const url = await shop.url;
  expect((await fetch(`${url}/health/ready`)).status).toBe(200);

  proxy.pause();
  const ready = await fetch(`${url}/health/ready`);
  expect(ready.status).toBe(503);
  const health = (await ready.json()) as { status: string; details: Record<string, { status: string }> };
  expect(health.status).toBe('error');
  expect(health.details.dynamodb!.status).toBe('down');

  const failed = await fetch(`${url}/catalog/products/fv-000001`);
  expect(failed.status).toBe(503);
  expect(Number(failed.headers.get('retry-after'))).toBeGreaterThan(0);
  const body = (await failed.json()) as { code: string; message: string };
  expect(body.code).toBe('SERVICE_UNAVAILABLE');
  expect(JSON.stringify(body)).not.toMatch(/dynamo|stack|ECONN|timeout/i);
  const logged = await waitFor('the failure in the log', async () =>
    shop.logs.find((line) => line.msg === 'a dependency failed transiently; answered 503'),
  );
  expect(logged).toMatchObject({ level: 'warn', err: expect.objectContaining({ message: expect.any(String) }) });

  proxy.resume();
  await waitFor('readiness to recover', async () => ((await fetch(`${url}/health/ready`)).ok ? true : undefined));
  expect((await fetch(`${url}/catalog/products/fv-000001`)).status).toBe(200);
});
