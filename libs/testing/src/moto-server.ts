import { spawn, type ChildProcess } from 'node:child_process';
import { freePort, waitFor } from './ports';

/**
 * moto_server (preinstalled with the image's Python; `pip install "moto[server]"` elsewhere)
 * on a free loopback port: the AWS APIs that cannot run for real here — Cloud Map, SNS, SQS,
 * S3 — served locally. One per test file.
 */
export class MotoServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly endpoint: string,
  ) {}

  static async start(): Promise<MotoServer> {
    const port = await freePort();
    const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    const failed = new Promise<never>((_, reject) =>
      child.once('error', (error) => reject(new Error(`cannot start moto_server: ${error.message}`))),
    );
    const server = new MotoServer(child, `http://127.0.0.1:${port}`);
    await Promise.race([
      failed,
      waitFor('moto_server', async () => ((await fetch(`${server.endpoint}/moto-api/data.json`)).ok ? true : undefined), {
        timeoutMs: 20_000,
        intervalMs: 100,
      }),
    ]);
    return server;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
