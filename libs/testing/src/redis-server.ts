import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePort, waitFor } from './ports';

/** A real redis-server (Debian's `redis-server`) on a free loopback port, private to one test file. */
export class RedisServer {
  private process?: ChildProcess;

  private constructor(
    readonly port: number,
    private readonly dir: string,
    /** When set, clients must AUTH with it (as ElastiCache with an auth token). */
    readonly password?: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(options: { password?: string } = {}): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), await mkdtemp(join(tmpdir(), 'gomart-redis-')), options.password);
    await server.resume();
    return server;
  }

  /** (Re)starts the server on the same port. */
  async resume(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--bind', '127.0.0.1', '--port', String(this.port), '--save', '', '--appendonly', 'no', '--dir', this.dir]
        .concat(this.password ? ['--requirepass', this.password] : []),
      { stdio: 'ignore' },
    );
    const failed = new Promise<never>((_, reject) =>
      child.once('error', (error) => reject(new Error(`cannot start redis-server (apt-get install -y redis-server): ${error.message}`))),
    );
    this.process = child;
    await Promise.race([failed, waitFor('redis-server', () => this.ping())]);
  }

  /** Kills the server (SIGKILL): what a crashed or unreachable Redis looks like to its clients. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Runs one command on a short-lived connection (e.g. DEBUG SLEEP to make Redis hang). */
  async command(...args: string[]): Promise<unknown> {
    const client = new Redis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      password: this.password,
    });
    try {
      await client.connect();
      const [name, ...rest] = args;
      return await client.call(name ?? 'PING', ...rest);
    } finally {
      client.disconnect();
    }
  }

  async dispose(): Promise<void> {
    await this.stop();
    await rm(this.dir, { recursive: true, force: true });
  }

  private async ping(): Promise<true | undefined> {
    return (await this.command('PING')) === 'PONG' ? true : undefined;
  }
}
