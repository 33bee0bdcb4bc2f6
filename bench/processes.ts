import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';

/**
 * Every process the benchmark starts carries this variable, so that processes left behind by
 * a run that was killed outright (SIGKILL, power loss) can be found by id and stopped by the
 * next run, and nothing else ever is.
 */
export const RUN_MARKER = 'GOMART_BENCH_RUN';

/** Linux reports process CPU time in clock ticks; USER_HZ is 100 on every Linux target. */
const TICKS_PER_SECOND = 100;

export interface StartOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Record<string, string>;
  readonly cwd: string;
  /** stdout and stderr go here: reading them in the harness would cost CPU during the load. */
  readonly logFile: string;
}

export interface MemoryUse {
  readonly rssMb: number;
  readonly peakRssMb: number;
}

/** A child process of the benchmark; every one still running is stopped when the run ends, however it ends. */
export class BenchProcess {
  private static readonly running = new Set<BenchProcess>();
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  spawnError?: Error;

  private constructor(
    readonly name: string,
    readonly logFile: string,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      // A command that cannot be spawned (not installed) emits 'error' and never 'exit'.
      child.once('error', (error) => {
        this.spawnError = error;
        resolve({ code: null, signal: null });
      });
    });
    BenchProcess.running.add(this);
    void this.exited.then(() => BenchProcess.running.delete(this));
  }

  static start(name: string, runId: string, options: StartOptions): BenchProcess {
    const log = openSync(options.logFile, 'w');
    try {
      const child = spawn(options.command, [...options.args], {
        cwd: options.cwd,
        env: { ...options.env, [RUN_MARKER]: runId },
        stdio: ['ignore', log, log],
      });
      return new BenchProcess(name, options.logFile, child);
    } finally {
      closeSync(log);
    }
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get alive(): boolean {
    return this.spawnError === undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** User + system CPU seconds the process has used so far. */
  cpuSeconds(): number {
    const stat = readProc(this.pid, 'stat');
    if (!stat) return 0;
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  }

  memory(): MemoryUse {
    const status = readProc(this.pid, 'status') ?? '';
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
  }

  /** SIGTERM (a graceful shutdown), then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** CPU seconds used so far by every benchmark process still running. */
  static totalCpuSeconds(): number {
    return [...BenchProcess.running].reduce((sum, child) => sum + child.cpuSeconds(), 0);
  }

  static async stopAll(): Promise<void> {
    await Promise.all([...BenchProcess.running].map((process) => process.stop(5000)));
  }

  /** Last resort on the way out of the harness: synchronous, so it also works in an 'exit' handler. */
  static killAllNow(): void {
    for (const process of BenchProcess.running) if (process.alive) process.child.kill('SIGKILL');
  }
}

/**
 * Stops processes started by an earlier run that could not clean up after itself (it was
 * killed outright). They are found by the run marker in their environment, so only benchmark
 * processes are ever touched. Returns how many were stopped.
 */
export function reapLeftovers(currentRunId: string): number {
  let reaped = 0;
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const environ = readProc(pid, 'environ');
    const run = environ
      ?.split('\0')
      .find((variable) => variable.startsWith(`${RUN_MARKER}=`))
      ?.slice(RUN_MARKER.length + 1);
    if (run === undefined || run === currentRunId) continue;
    try {
      process.kill(pid, 'SIGKILL');
      reaped += 1;
    } catch {
      // Exited meanwhile.
    }
  }
  return reaped;
}

/** Whether a process with this id exists (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Busy CPU seconds of the whole machine so far (all cores, every process, kernel included). */
export function machineBusySeconds(): number {
  const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
  const ticks = (cpu ?? '').trim().split(/\s+/).slice(1).map(Number);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  // user nice system idle iowait irq softirq steal: guest time is already counted in user.
  const total = ticks.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return (total - idle) / TICKS_PER_SECOND;
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}
