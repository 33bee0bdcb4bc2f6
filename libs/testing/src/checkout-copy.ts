import { execFile } from 'node:child_process';
import { cp, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * What a fresh clone of the repository at `root` would hold, copied to `to`: the files git
 * tracks and the untracked ones it does not ignore, as they are in the work tree, with the
 * dependencies linked as `npm ci` installed them. Nothing built, no data.
 */
export async function copyCheckout(root: string, to: string): Promise<void> {
  const { stdout } = await run('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  await Promise.all(
    stdout
      .split('\0')
      .filter(Boolean)
      .map((file) =>
        cp(join(root, file), join(to, file)).catch((error: NodeJS.ErrnoException) => {
          // Deleted in the work tree but still tracked: not part of what a clone would run.
          if (error.code !== 'ENOENT') throw error;
        }),
      ),
  );
  await symlink(join(root, 'node_modules'), join(to, 'node_modules'), 'dir');
}
