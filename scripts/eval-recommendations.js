#!/usr/bin/env node
// The offline evaluation of the recommender: `npm run eval:recommendations [-- --customers N --days N --seed N]`.
// Compiles libs/recommendations (pure TypeScript, a few seconds) into dist/ at the paths `nest build`
// gives it, then runs its CLI; a stale build can never be measured by mistake.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
execFileSync(
  process.execPath,
  [require.resolve('typescript/bin/tsc'), '-p', join(root, 'libs', 'recommendations', 'tsconfig.eval.json')],
  {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  },
);
// Plain tsc leaves `@gomart/<lib>` imports as written (the demo catalog's product module imports
// @gomart/contracts); resolve them to the compiled libs, as bench/aliases.ts does for the bench.
const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const alias = /^@gomart\/([^/]+)$/.exec(request);
  return resolve.call(this, alias ? join(root, 'dist', 'libs', alias[1], 'src') : request, ...rest);
};
require(join(root, 'dist', 'libs', 'recommendations', 'src', 'eval-cli.js'))
  .main(process.argv.slice(2))
  .then((code) => (process.exitCode = code));
