import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamicModule, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadLocalIssuer, type LocalIssuer } from '@gomart/auth';
import { loadConfig, type AppConfig } from '@gomart/config';
import { createHttpApp } from '@gomart/http';
import { waitFor } from './ports';

export interface TestAppOptions {
  /** Extra or overriding environment variables. */
  readonly env?: Record<string, string>;
  /** Shared data folder (keys), when several apps must accept the same tokens. */
  readonly dataDir?: string;
  /** Wait for `/health/ready` before returning (default); off to test what happens before. */
  readonly waitUntilReady?: boolean;
}

/**
 * One Go Mart app, in this process, serving real HTTP on a free loopback port. By default it
 * runs on its own in-memory dynalite with a small demo catalog and the local token issuer.
 */
export class TestApp {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly url: string,
    readonly dataDir: string,
    private readonly issuer: LocalIssuer,
    private readonly ownsDataDir: boolean,
  ) {}

  static async start(rootModule: Type<unknown> | DynamicModule, options: TestAppOptions = {}): Promise<TestApp> {
    const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'gomart-test-')));
    const config = testConfig({ DATA_DIR: dataDir, ...options.env });
    const { app } = await createHttpApp(rootModule, { app: 'gomart', config });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const issuer = await loadLocalIssuer(join(dataDir, 'keys'));
    const url = `http://127.0.0.1:${port}`;
    // As a load balancer would: send traffic once the app says it is ready (catalog index built).
    if (options.waitUntilReady ?? true) {
      await waitFor('the app to be ready', async () => ((await fetch(`${url}/health/ready`)).ok ? true : undefined), { timeoutMs: 60_000 });
    }
    return new TestApp(app, url, dataDir, issuer, options.dataDir === undefined);
  }

  /** A bearer token this app accepts. */
  token(sub: string, groups: readonly string[] = []): string {
    return this.issuer.sign({ sub, groups });
  }

  /** Fetch relative to the app, with JSON in and out. */
  async request(
    path: string,
    init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {},
  ): Promise<TestResponse> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${this.url}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: parseJson(text), text };
  }

  async close(): Promise<void> {
    await this.app.close();
    if (this.ownsDataDir) await rm(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * The configuration a test app runs with: the process's environment is not read (only
 * TEST_LOG_LEVEL), so tests in one process cannot leak settings into each other.
 */
export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    DATA_IN_MEMORY: 'true',
    SEED_PRODUCT_COUNT: '300',
    PORT: '0',
    HOST: '127.0.0.1',
    // Tests place many orders per customer that nobody delivers; the open-order limits are
    // tested where they are set (test/order-limits.e2e-spec.ts).
    ORDER_MAX_OPEN_PER_CUSTOMER: '0',
    ORDER_MAX_OPEN_UNITS_PER_PRODUCT: '0',
    ...env,
  });
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  // Tests read response bodies freely; the assertions check their shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
  readonly text: string;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
