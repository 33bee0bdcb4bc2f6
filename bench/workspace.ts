import { join } from 'node:path';

/** The repository root (this file runs from .bench/build/bench/). */
export const REPO_ROOT = join(__dirname, '..', '..', '..');

/** Everything the benchmark writes lives under here; `.bench/` is git-ignored. */
export const BENCH_DIR = join(REPO_ROOT, '.bench');

export const paths = {
  /** Seeded catalogs, reused across runs (see datasets.ts). */
  data: join(BENCH_DIR, 'data'),
  /** Result tables and JSON, one pair per run. */
  results: join(BENCH_DIR, 'results'),
  /** Working copies and logs of the current run; kept only when something failed. */
  runs: join(BENCH_DIR, 'runs'),
  profiles: join(BENCH_DIR, 'profiles'),
  lock: join(BENCH_DIR, 'run.lock'),
  app: (name: string) => join(REPO_ROOT, 'dist', 'apps', name, 'src', 'main.js'),
  baselineServer: join(__dirname, 'baseline-server.js'),
  orderHistory: join(__dirname, 'order-history.js'),
  latencyStore: join(__dirname, 'latency-store.js'),
  conditionalUpdateServer: join(__dirname, 'conditional-update-server.js'),
} as const;

/** What every part of one benchmark run shares. */
export interface RunContext {
  readonly runId: string;
  /** This run's working folder: per-server data copies and logs. */
  readonly dir: string;
  /** Run the app servers with `--cpu-prof`, profiles under .bench/profiles/<run>/. */
  readonly cpuProfile: boolean;
}
