import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { waitFor } from './ports';

/** Root of the repository, for locating the built apps. */
export const REPO_ROOT = join(__dirname, '..', '..', '..');

export interface ServiceProcessOptions {
  /** App name under dist/apps (the production build, as a container runs it). */
  readonly app: string;
  /** LOG_LEVEL must stay at info or below: readiness is read from the "listening" log line. */
  readonly env: Record<string, string>;
  readonly startTimeoutMs?: number;
  /** Resolve `port` only once `/health/ready` answers 200, as a load balancer would wait (default true). */
  readonly waitUntilReady?: boolean;
}

/**
 * A built app running as a real child process on real sockets. Resolves once it logs that
 * it is listening and answers ready (unless told not to wait); keeps its JSON log lines for
 * assertions.
 */
export class ServiceProcess {
  readonly logs: Record<string, unknown>[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly child: ChildProcess,
    readonly port: Promise<number>,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get url(): Promise<string> {
    return this.port.then((port) => `http://127.0.0.1:${port}`);
  }

  static start(options: ServiceProcessOptions): ServiceProcess {
    const entry = join(REPO_ROOT, 'dist', 'apps', options.app, 'src', 'main.js');
    const child = spawn(process.execPath, [entry], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let resolvePort: (port: number) => void = () => undefined;
    let rejectPort: (error: Error) => void = () => undefined;
    const port = new Promise<number>((resolve, reject) => {
      resolvePort = resolve;
      rejectPort = reject;
    });
    const service = new ServiceProcess(child, port);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const entry = parseLine(line);
      if (!entry) return;
      service.logs.push(entry);
      if (typeof entry.port === 'number' && String(entry.msg).includes('listening')) {
        const listening = entry.port;
        if (options.waitUntilReady === false) resolvePort(listening);
        else void untilReady(listening, options.startTimeoutMs ?? 30_000).then(() => resolvePort(listening), rejectPort);
      }
    });
    createInterface({ input: child.stderr }).on('line', (line) => service.stderr.push(line));
    const timer = setTimeout(
      () => rejectPort(new Error(`${options.app} did not start: ${service.stderr.join('\n')}\nlast log lines: ${service.logs.slice(-5).map((entry) => JSON.stringify(entry)).join('\n')}`)),
      options.startTimeoutMs ?? 30_000,
    );
    void port.finally(() => clearTimeout(timer)).catch(() => undefined);
    void service.exited.then(({ code }) =>
      rejectPort(new Error(`${options.app} exited with ${code} before listening: ${service.stderr.join('\n')}`)),
    );
    return service;
  }

  /** Sends a signal and waits for the process to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

async function untilReady(port: number, timeoutMs: number): Promise<void> {
  await waitFor('readiness', async () => ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok ? true : undefined), {
    timeoutMs,
    intervalMs: 100,
  });
}

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
