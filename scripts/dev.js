#!/usr/bin/env node
// `npm run start:dev`: the monolith with the storefront, both rebuilt on change, in one terminal.
// `nest start --watch` compiles and restarts the API; `vite build --watch` rebuilds the storefront
// into dist/storefront, which the monolith serves at http://localhost:3000/ (PORT to change).
// Nest empties dist/ before its first compile, so the storefront watcher starts after it.
// Ctrl-C stops both (a second Ctrl-C kills them).
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

/** Lines not worth a developer's attention: Vite lists every picture on each rebuild. */
const noise = [/dist\/storefront\/images\//, /^\s*$/];

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
      // tsc --watch clears the screen before each compile; keep the other process's lines.
      const line = raw.replace(SCREEN_CLEARS, '');
      if (noise.some((pattern) => pattern.test(line))) return;
      process.stdout.write(`${prefix} ${line}\n`);
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

let webStarted = false;
function startWeb() {
  if (webStarted || stopping) return;
  webStarted = true;
  const vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const args = [vite, 'build', '--watch', '--config', 'apps/storefront/vite.config.ts'];
  run('web', 35, args, { VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' }, (line, say) => {
    if (/built in/.test(line)) say(`storefront ready: http://localhost:${port}/`);
  });
}

const nest = require.resolve('@nestjs/cli/bin/nest.js');
run('api', 36, [nest, 'start', 'gomart', '--watch', '--preserveWatchOutput'], {}, (line) => {
  // The first compile is done (and dist/ emptied): the storefront may build into it now.
  if (/Found \d+ errors?\. Watching for file changes/.test(line)) startWeb();
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
