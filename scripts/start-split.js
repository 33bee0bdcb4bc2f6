#!/usr/bin/env node
// `npm run start:split`: the four services of the split shape as separate processes on this
// machine, finding each other with static discovery (STATIC_SERVICES defaults to these ports).
// Each service keeps its own tables in its own embedded DynamoDB under .data/split/<service>;
// tokens (.data/keys) and mail (.data/mail) are shared with the monolith. Ctrl-C stops them all.
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { createInterface } = require('node:readline');

const root = join(__dirname, '..');
// The services and their local ports are named once, in the contracts (built with the apps).
const { SERVICES, LOCAL_PORTS } = require(join(root, 'dist', 'libs', 'contracts', 'src', 'services.js'));
const COLOURS = [36, 33, 35, 32, 34, 31];
// SPLIT_PORT_OFFSET moves every port, to run next to something already on 3001-3004/4001-4004.
const offset = Number(process.env.SPLIT_PORT_OFFSET ?? 0);
const services = SERVICES.map((name, index) => ({
  name,
  http: LOCAL_PORTS[name].http + offset,
  tcp: LOCAL_PORTS[name].tcp + offset,
  colour: COLOURS[index % COLOURS.length],
}));
const staticServices = services.map(({ name, tcp }) => `${name}=127.0.0.1:${tcp}`).join(';');
const width = Math.max(...services.map((service) => service.name.length));
let stopping = false;

const children = services.map(({ name, http, tcp, colour }) => {
  const child = spawn(process.execPath, [join(root, 'dist', 'apps', name, 'src', 'main.js')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(http),
      TCP_PORT: String(tcp),
      DISCOVERY: 'static',
      STATIC_SERVICES: staticServices,
      DYNAMODB_EMBEDDED_PATH: process.env.DYNAMODB_EMBEDDED_PATH ?? join(root, '.data', 'split', name, 'dynamodb'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = process.stdout.isTTY ? `\x1b[${colour}m${name.padEnd(width)}\x1b[0m |` : `${name.padEnd(width)} |`;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${prefix} ${line}\n`));
  }
  child.on('exit', (code, signal) => {
    process.stdout.write(`${prefix} exited (${signal ?? code})\n`);
    if (!stopping) stopAll(1);
  });
  return child;
});

process.stdout.write(
  services.map(({ name, http, tcp }) => `${name.padEnd(width)}  http://localhost:${http}  tcp ${tcp}`).join('\n') + '\n',
);

function stopAll(exitCode) {
  stopping = true;
  process.exitCode = exitCode;
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
