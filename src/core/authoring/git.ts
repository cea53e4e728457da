import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Who a recorded version is by: the account that saved, restored or published it. */
export interface Account {
  email: string;
}

/**
 * Runs the `git` command line in `cwd`. Author and committer are the account when one is given, so
 * `git log` says who saved; nothing is read from the machine's git configuration for them.
 */
export async function git(cwd: string, args: string[], account?: Account): Promise<string> {
  const env = {
    ...process.env,
    // A hook or an editor must never wait for a terminal the server does not have.
    GIT_TERMINAL_PROMPT: '0',
    GIT_EDITOR: 'true',
    ...(account && {
      GIT_AUTHOR_NAME: account.email,
      GIT_AUTHOR_EMAIL: account.email,
      GIT_COMMITTER_NAME: account.email,
      GIT_COMMITTER_EMAIL: account.email,
    }),
  };
  const { stdout } = await run('git', args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/**
 * The top of the git work tree that holds `dir`, or undefined when it is in none, when the repository
 * ignores it (a benchmark's copy under an ignored folder), or when git is missing.
 */
export async function gitTopLevel(dir: string): Promise<string | undefined> {
  if (!existsSync(dir)) return undefined;
  try {
    const top = (await git(dir, ['rev-parse', '--show-toplevel'])).trim();
    if (!top) return undefined;
    try {
      await git(dir, ['check-ignore', '--quiet', '.']);
      return undefined; // exit 0: ignored
    } catch {
      return top; // exit 1: not ignored
    }
  } catch {
    return undefined;
  }
}
