#!/usr/bin/env node
// `npm run lint`: ESLint over the whole tree (typed rules, so it takes a minute or two on two
// cores), saying so when it starts and how long it took when it ends. Arguments go to ESLint.
const { spawnSync } = require('node:child_process');
const { dirname, join } = require('node:path');

const root = join(__dirname, '..');
const eslint = join(dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js');
const started = Date.now();
process.stdout.write('eslint: checking apps, libs, test, bench, deploy and scripts with type information (about 1–2 min on 2 cores)…\n');
const result = spawnSync(process.execPath, [eslint, '.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
const seconds = ((Date.now() - started) / 1000).toFixed(0);
process.stdout.write(result.status === 0 ? `eslint: no problems (${seconds} s)\n` : `eslint: problems found (${seconds} s)\n`);
process.exit(result.status ?? 1);
