import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '../libs/testing/src/ports';
import { appEnv, catalogLabel, startHttpProcess } from './servers';
import { paths, REPO_ROOT, type RunContext } from './workspace';

/** A seeded catalog: a DATA_DIR (embedded DynamoDB files, token keys) that servers start from a copy of. */
export interface CatalogData {
  readonly products: number;
  readonly dir: string;
  /** False when an earlier run's seeded catalog was reused. */
  readonly seededNow: boolean;
  readonly seed: SeedRecord;
}

interface SeedRecord {
  /** What the app logged for seeding alone. */
  readonly seedMs: number;
  /** Process start to first answer, seeding included. */
  readonly startToReadyMs: number;
  readonly createdAt: string;
}

/**
 * The files that decide what a seeded catalog contains. A change to any of them gives a new
 * fingerprint, so a stale seeded catalog is never reused.
 */
const SHAPE_FILES = [
  'libs/catalog/src/demo-catalog.ts',
  'libs/catalog/src/demo-range.ts',
  'libs/catalog/src/demo-images.ts',
  'libs/catalog/src/categories.ts',
  'libs/catalog/src/product-record.ts',
  'libs/catalog/src/dynamo-product.repository.ts',
  'libs/catalog/src/catalog-seeder.ts',
  'libs/catalog/src/catalog.tables.ts',
  'node_modules/dynalite/package.json',
];

/** Seeding 50,000 products into dynalite takes about 40 s on these machines; allow for a slow one. */
const SEED_TIMEOUT_MS = 15 * 60_000;

/**
 * Returns a seeded catalog of `products` demo products, seeding it (through the app's own
 * seeder, DATA_IN_MEMORY=false) only if no earlier run left one with the same fingerprint.
 */
export async function ensureCatalog(context: RunContext, products: number): Promise<CatalogData> {
  const prefix = `catalog-${catalogLabel(products)}-`;
  const dir = join(paths.data, `${prefix}${await fingerprint()}`);
  const stored = await readSeedRecord(dir);
  if (stored) return { products, dir, seededNow: false, seed: stored };

  await removeStale(prefix);
  const building = `${dir}.partial`;
  await rm(building, { recursive: true, force: true });
  await mkdir(building, { recursive: true });
  const seed = await seedCatalog(context, products, building);
  await writeFile(join(building, 'seeded.json'), `${JSON.stringify(seed, null, 2)}\n`);
  await rename(building, dir);
  return { products, dir, seededNow: true, seed };
}

async function seedCatalog(context: RunContext, products: number, dataDir: string): Promise<SeedRecord> {
  const name = `seed-${catalogLabel(products)}`;
  const port = await freePort();
  const started = performance.now();
  const app = await startHttpProcess(context, name, {
    args: [paths.app('gomart')],
    // info: the seeder's "Seeded N demo products in X ms" line is read from the log.
    env: appEnv({ kind: 'monolith', catalog: products, cache: 'memory', requestLog: 'notable' }, port, dataDir),
    url: `http://127.0.0.1:${port}`,
    readyPath: '/health/live',
    profile: false,
    timeoutMs: SEED_TIMEOUT_MS,
  });
  const startToReadyMs = Math.round(performance.now() - started);
  await app.stop();
  const log = await readFile(app.logFile, 'utf8');
  const seeded = /seeded (\d+) demo products in (\d+) ms/i.exec(log);
  if (!seeded || Number(seeded[1]) !== products) {
    throw new Error(`the app did not report seeding ${products} products; see ${app.logFile}`);
  }
  return { seedMs: Number(seeded[2]), startToReadyMs, createdAt: new Date().toISOString() };
}

async function fingerprint(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of SHAPE_FILES) hash.update(file).update(await readFile(join(REPO_ROOT, file)));
  return hash.digest('hex').slice(0, 12);
}

async function readSeedRecord(dir: string): Promise<SeedRecord | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, 'seeded.json'), 'utf8')) as SeedRecord;
  } catch {
    return undefined;
  }
}

/** Seeded catalogs of the same size with another fingerprint are out of date. */
async function removeStale(prefix: string): Promise<void> {
  const entries = await readdir(paths.data).catch(() => []);
  await Promise.all(
    entries
      .filter((entry) => entry.startsWith(prefix))
      .map((entry) => rm(join(paths.data, entry), { recursive: true, force: true })),
  );
}
