import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '@gomart/config';
import { apiDocumentOptions, createHttpApp } from '@gomart/http';
import { buildApiDocument } from '@gomart/openapi';
import { GomartModule } from './gomart.module';

const USAGE = `usage: npm run openapi [-- --out <file>]

Writes the shop's OpenAPI document (every route of the monolith) as JSON, by default to
dist/openapi.json, from the app module with an empty in-memory store: nothing listens and
nothing under .data/ is touched.`;

/** `npm run openapi`: the API document as a file, for linting and for generating clients. */
export async function main(argv: readonly string[]): Promise<number> {
  let out: string;
  try {
    const { values } = parseArgs({ args: [...argv], options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    out = resolve(values.out ?? join('dist', 'openapi.json'));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'gomart-openapi-'));
  const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, DATA_IN_MEMORY: 'true', SEED_PRODUCT_COUNT: '0', LOG_LEVEL: 'warn', API_DOCS: 'off' });
  const { app } = await createHttpApp(GomartModule, { app: 'gomart', config });
  try {
    const document = buildApiDocument(app, apiDocumentOptions('gomart', config));
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(document, null, 2)}\n`);
    const operations = Object.values(document.paths).reduce((count, item) => count + Object.keys(item).length, 0);
    process.stdout.write(`Wrote ${out}: ${operations} operations.\n`);
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  return 0;
}
