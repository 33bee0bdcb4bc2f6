import { main } from './eval-cli';

/** Runs the CLI, capturing what it writes. */
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

describe('npm run eval:recommendations', () => {
  it('prints the three tables in Markdown for the history asked for', async () => {
    const { code, stdout } = await run(['--customers', '60', '--days', '60', '--seed', '5']);
    expect(code).toBe(0);
    expect(stdout).toContain('Generated history: 60 customers, 60 days, seed 5, 2,000 products');
    expect(stdout.match(/^\| Method \| HR@10 \| Recall@10 \| NDCG@10 \|/gm)).toHaveLength(3);
    expect(stdout).toMatch(/^\| blend \| 0\.\d{3} \|/m);
    expect(stdout).toContain('### Basket completion');
  });

  it('refuses bad options with usage and exit code 2', async () => {
    const bad = await run(['--customers', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--customers must be a whole number >= 1');
    const unknown = await run(['--colour', 'blue']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('npm run eval:recommendations');
  });
});
