// Runs a compiled command-line tool of the workspace (`dist/<path>`, exporting `main(argv)`),
// building the project first if it was never built.
const { existsSync } = require('node:fs');
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = function runBuilt(path) {
  const root = join(__dirname, '..');
  const cli = join(root, 'dist', path);
  if (!existsSync(cli)) {
    execFileSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build', 'gomart'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  require('reflect-metadata');
  require(cli)
    .main(process.argv.slice(2))
    .then((code) => (process.exitCode = code))
    .catch((error) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
};
