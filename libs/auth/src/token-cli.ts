import { parseArgs } from 'node:util';
import { loadConfig } from '@gomart/config';
import { Group } from './identity';
import { loadLocalIssuer } from './local-issuer';

const USAGE = 'usage: npm run token -- --sub <user id> [--admin] [--staff] [--ttl <seconds>]';

/**
 * `npm run token -- --sub alice [--admin]`: prints a bearer token from the local development
 * issuer, accepted by every process using the same DATA_DIR with AUTH_MODE=local.
 */
export async function main(argv: readonly string[]): Promise<number> {
  let values: { sub?: string; admin?: boolean; staff?: boolean; ttl?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      // `npm run token -- -- --help` hands the script a literal `--` first: options follow it all the same.
      args: argv[0] === '--' ? argv.slice(1) : [...argv],
      options: {
        sub: { type: 'string' },
        admin: { type: 'boolean' },
        staff: { type: 'boolean' },
        ttl: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const ttlSeconds = values.ttl === undefined ? undefined : Number(values.ttl);
  if (!values.sub || (ttlSeconds !== undefined && !(Number.isInteger(ttlSeconds) && ttlSeconds > 0))) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  if (config.auth.mode !== 'local') {
    process.stderr.write('AUTH_MODE is cognito: sign in through Cognito to get a token.\n');
    return 2;
  }
  const groups = [...(values.admin ? [Group.admin] : []), ...(values.staff ? [Group.staff] : [])];
  const issuer = await loadLocalIssuer(config.auth.keyDir);
  process.stdout.write(`${issuer.sign({ sub: values.sub, groups, ttlSeconds })}\n`);
  return 0;
}
