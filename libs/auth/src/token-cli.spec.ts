import { main } from './token-cli';

/** What `npm run token` prints and exits with, captured from its streams. */
async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('npm run token', () => {
  it('answers --help with the usage on stdout and exit code 0', async () => {
    for (const argv of [['--help'], ['-h'], ['--', '--help']]) {
      const result = await run(argv);
      expect(result).toEqual({ code: 0, stdout: expect.stringContaining('usage: npm run token -- --sub'), stderr: '' });
    }
  });

  it('refuses an unknown option or a missing --sub with the usage on stderr and exit code 2', async () => {
    for (const argv of [['--nope'], []]) {
      const result = await run(argv);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('usage: npm run token');
    }
  });
});
