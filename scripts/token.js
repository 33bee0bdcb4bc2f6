#!/usr/bin/env node
// Prints a development bearer token: `npm run token -- --sub alice [--admin]`.
// Runs the compiled CLI from libs/auth, building the project first if it was never built.
const { existsSync } = require('node:fs');
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const cli = join(root, 'dist', 'libs', 'auth', 'src', 'token-cli.js');
if (!existsSync(cli)) {
  execFileSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build', 'gomart'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
require(cli)
  .main(process.argv.slice(2))
  .then((code) => (process.exitCode = code));
