// Time from the command to the first answer: `npm run start:dev` as a newcomer runs it, cold
// (a fresh copy of the repository: nothing compiled, no data) and warm (the same copy started
// again: compiled output and seeded data there), against a bare Fastify server's start in the
// same run. The target (issue: a newcomer's first hour) is 15 s on these 2-core machines.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { copyCheckout } from '../libs/testing/src/checkout-copy';
import { freePort } from '../libs/testing/src/ports';
import { paths, REPO_ROOT, type RunContext } from './workspace';

const GIVE_UP_MS = 120_000;

export interface StartRow {
  readonly what: string;
  /** Median of the starts, command to first 200, in ms. */
  readonly ms: number;
  readonly allMs: readonly number[];
  /** Median ÷ the bare Fastify start's median. */
  readonly timesBaseline: number;
}

/** `starts` of each kind; the medians are reported. */
export async function measureStartTimes(context: RunContext, starts: number): Promise<StartRow[]> {
  const copy = join(context.dir, 'start-dev-copy');
  const baseline = await timesOf(starts, () => startAndTime(process.execPath, [paths.baselineServer], REPO_ROOT, {}, '/'));
  const cold: number[] = [];
  const warm: number[] = [];
  for (let start = 0; start < starts; start++) {
    await freshCopy(copy);
    cold.push(await startAndTime(process.execPath, ['scripts/dev.js'], copy, { DATA_DIR: join(copy, '.data') }, '/health/ready'));
    warm.push(await startAndTime(process.execPath, ['scripts/dev.js'], copy, { DATA_DIR: join(copy, '.data') }, '/health/ready'));
  }
  await rm(copy, { recursive: true, force: true });
  const base = median(baseline);
  const row = (what: string, all: number[]): StartRow => ({ what, ms: median(all), allMs: all, timesBaseline: median(all) / base });
  return [row('bare Fastify: `node` start to first answer (baseline)', baseline), row('`npm run start:dev`, cold: fresh copy, nothing compiled, no data', cold), row('`npm run start:dev`, warm: compiled and seeded before', warm)];
}

export function startTable(rows: readonly StartRow[]): string {
  return [
    '| Start to first answer | median ms | each start, ms | × baseline | target |',
    '| --- | ---: | --- | ---: | --- |',
    ...rows.map((row, index) =>
      [
        row.what,
        row.ms.toLocaleString('en-US'),
        row.allMs.map((ms) => ms.toLocaleString('en-US')).join(', '),
        row.timesBaseline.toFixed(1),
        index === 0 ? '' : row.ms <= 15_000 ? '≤ 15 s: **met**' : '≤ 15 s: **missed**',
      ].join(' | '),
    ).map((line) => `| ${line} |`),
  ].join('\n');
}

async function timesOf(starts: number, start: () => Promise<number>): Promise<number[]> {
  const all: number[] = [];
  for (let index = 0; index < starts; index++) all.push(await start());
  return all;
}

async function freshCopy(copy: string): Promise<void> {
  await rm(copy, { recursive: true, force: true });
  await mkdir(copy, { recursive: true });
  await copyCheckout(REPO_ROOT, copy);
}

/** Starts the command in its own process group, times it to the first 200 on `path`, and stops the group. */
async function startAndTime(command: string, args: readonly string[], cwd: string, env: Record<string, string>, path: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(command, args, { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, PORT: String(port), ...env }, detached: true, stdio: 'ignore' });
  try {
    while (performance.now() - started < GIVE_UP_MS) {
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode} before answering`);
      const ok = await fetch(`http://127.0.0.1:${port}${path}`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) return Math.round(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${args.join(' ')} did not answer ${path} within ${GIVE_UP_MS / 1000} s`);
  } finally {
    await stopGroup(child);
  }
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // Already gone.
    }
  };
  signal('SIGINT');
  const timer = setTimeout(() => signal('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
  // Its children (the compiler, server and storefront watchers) share the group: make sure none is left.
  signal('SIGKILL');
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
