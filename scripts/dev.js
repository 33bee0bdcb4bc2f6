#!/usr/bin/env node
// `npm run start:dev`: the monolith with the storefront, both rebuilt on change, in one terminal.
// SWC compiles apps/gomart and libs into dist/ in about 2 s (no type check: that runs beside it
// once the shop answers, `tsc --noEmit --watch`, and `npm run typecheck` / CI run it too); the
// server runs under `node --watch` and restarts when a compiled file changes; `vite build --watch`
// rebuilds the storefront into dist/storefront, which the monolith serves at
// http://localhost:3000/ (PORT to change). In a terminal the JSON log lines are printed as one
// readable line each; piped, they pass through unchanged. Ctrl-C stops all (a second kills them).
// `npm run build` still compiles with tsc, as the containers do.
const { spawn } = require('node:child_process');
const { dirname, join } = require('node:path');
const { createInterface } = require('node:readline');

const root = join(__dirname, '..');
const tty = process.stdout.isTTY;
const port = process.env.PORT ?? '3000';
const children = new Map();
let stopping = false;

// Terminal escapes that clear the screen (ESC c, ESC [2J, ESC [3J, ESC [H).
const SCREEN_CLEARS = new RegExp(`${String.fromCharCode(27)}(c|\\[[23]?J|\\[H)`, 'g');

/** Lines not worth a developer's attention: Vite lists every picture on each rebuild; Nest lists every module and route. */
const COLOURS = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const noise = [/dist\/storefront\/images\//, /^\s*$/, /"context":"(InstanceLoader|RoutesResolver|RouterExplorer)"/];

const LEVEL_COLOURS = { debug: 90, info: 32, warn: 33, error: 31, fatal: 31 };

/** A JSON log line as a person reads it: time, level, what happened; a request as method, path, status, code, time. */
function pretty(line) {
  if (!tty || !line.startsWith('{')) return line;
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  const { level, time, msg, context, method, url, status, code, ms, err } = entry;
  const clock = typeof time === 'string' ? time.slice(11, 19) : '';
  const tag = `\x1b[${LEVEL_COLOURS[level] ?? 0}m${String(level ?? '').padEnd(5)}\x1b[0m`;
  const text =
    method !== undefined && status !== undefined
      ? `${method} ${url} \x1b[${status >= 500 ? 31 : status >= 400 ? 33 : 32}m${status}\x1b[0m${code ? ` ${code}` : ''} ${ms} ms`
      : `${context ? `${context}: ` : ''}${msg ?? ''}`;
  return `\x1b[90m${clock}\x1b[0m ${tag} ${text}${err?.message ? ` — ${err.message}` : ''}`;
}

function run(name, colour, args, env, onLine) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    // Its own process group: Ctrl-C reaches this script only, which stops each child once.
    detached: true,
    env: { ...process.env, ...(tty ? { FORCE_COLOR: '1' } : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = tty ? `\x1b[${colour}m${name}\x1b[0m │` : `${name} │`;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (raw) => {
      // Watchers clear the screen before each compile; keep the other processes' lines.
      const line = raw.replace(SCREEN_CLEARS, '');
      const plain = line.replace(COLOURS, '');
      if (noise.some((pattern) => pattern.test(plain))) return;
      process.stdout.write(`${prefix} ${pretty(line)}\n`);
      onLine?.(line, (text) => process.stdout.write(`${prefix} ${text}\n`));
    });
  }
  child.on('exit', (code, signal) => {
    children.delete(name);
    process.stdout.write(`${prefix} stopped (${signal ?? code})\n`);
    if (!stopping) stop(code === 0 ? 1 : (code ?? 1));
    else if (children.size === 0) process.exit(process.exitCode ?? 0);
  });
  children.set(name, child);
  return child;
}

const swc = require.resolve('@swc/cli/bin/swc.js');
const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

let typesStarted = false;
function startTypeCheck() {
  if (typesStarted || stopping) return;
  typesStarted = true;
  const tsc = require.resolve('typescript/bin/tsc');
  run('types', 33, [tsc, '-p', 'tsconfig.json', '--noEmit', '--watch', '--preserveWatchOutput'], {});
}

// The watcher compiles everything once, then each changed file; the server starts after the first.
let apiStarted = false;
const swcArgs = [swc, 'apps/gomart', 'libs', '-d', 'dist', '--config-file', 'scripts/swc.dev.json', '--ignore', '**/*.spec.ts', '--copy-files', '--watch'];
run('swc', 34, swcArgs, {}, (line, say) => {
  if (apiStarted || !/Successfully compiled/.test(line)) return;
  apiStarted = true;
  const store = process.env.DYNAMODB_ENDPOINT ? `DynamoDB at ${process.env.DYNAMODB_ENDPOINT}` : 'embedded DynamoDB (dynalite)';
  const cache = process.env.REDIS_URL ? 'memory + Redis cache' : 'memory cache';
  say(`compiled in ${seconds()}; starting the shop: data in ${process.env.DATA_DIR ?? '.data'}, ${store}, ${cache}, ${process.env.AUTH_MODE ?? 'local'} sign-in`);
  startApi();
});

function startApi() {
  const main = join('dist', 'apps', 'gomart', 'src', 'main.js');
  // The SDK's notice about Node 20 says nothing a developer can act on here; README says which Node to use.
  run('api', 36, ['--watch', '--watch-preserve-output', '--disable-warning=NodeVersionSupportWarning', main], {}, (line, say) => {
    if (!/"msg":"gomart listening on port/.test(line)) return;
    say(typesStarted ? 'restarted' : `shop ready in ${seconds()}: http://localhost:${port}/ (API docs at /docs)`);
    startTypeCheck();
  });
}

const vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
run('web', 35, [vite, 'build', '--watch', '--config', 'apps/storefront/vite.config.ts'], { VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' }, (line, say) => {
  if (/built in/.test(line)) say(`storefront built: http://localhost:${port}/`);
});

function stop(exitCode) {
  if (stopping) {
    for (const child of children.values()) signalGroup(child, 'SIGKILL');
    return;
  }
  stopping = true;
  process.exitCode = exitCode;
  if (children.size === 0) process.exit(exitCode);
  for (const child of children.values()) signalGroup(child, 'SIGINT');
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
