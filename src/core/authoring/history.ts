import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { type Account, git, gitTopLevel } from './git.ts';

/** What a recorded version was made by. `initial`: the files as they were before the first recorded save. */
export type VersionAction = 'save' | 'restore' | 'publish' | 'initial' | 'other';

/** One recorded version of a campaign's files. */
export interface Version {
  /** The git commit, or the folder under `.history/`; what `restoreVersion` takes. */
  id: string;
  /** When it was recorded (ISO 8601). */
  at: string;
  /** The account's e-mail; null for the files found before the first recorded save. */
  account: string | null;
  action: VersionAction;
  /** One line: the commit's subject, or the same words kept beside the files. */
  message: string;
}

/** Where a campaign's versions are kept when its folder is not in a git repository. */
export const HISTORY_DIR = '.history';

/**
 * The files of a campaign that are its content and its history's: campaign.yaml, claims.yaml and one
 * `<lang>.md` per language, in the campaign's own folder (no sub-folders, nothing hidden).
 */
export const CAMPAIGN_FILE = /^(campaign\.yaml|claims\.yaml|[a-z]{2,3}(-[A-Za-z0-9]{2,8})*\.md)$/;

const ACTIONS: readonly VersionAction[] = ['save', 'restore', 'publish', 'initial'];
const actionOf = (subject: string): VersionAction =>
  ACTIONS.find((a) => subject.startsWith(`${a} `)) ?? 'other';

/** The campaign's own files (name → text) as they are in its folder now. */
export function currentFiles(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  return Object.fromEntries(
    readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && CAMPAIGN_FILE.test(e.name))
      .map((e) => [e.name, readFileSync(join(dir, e.name), 'utf8')] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

const sameFiles = (a: Record<string, string>, b: Record<string, string>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

// One recording at a time per campaigns folder: git's index takes one writer, and two saves of one
// campaign must not interleave their files.
const queues = new Map<string, Promise<unknown>>();
/** Runs `work` after every earlier one of the same campaigns folder has finished. */
export function serialised<T>(root: string, work: () => Promise<T>): Promise<T> {
  const key = resolve(root);
  const before = queues.get(key) ?? Promise.resolve();
  const next = before.then(work, work);
  const tail = next.catch(() => {});
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return next;
}

let sequence = 0;
const stampOf = (at: Date) => at.toISOString().replace(/[-:.]/g, '');
const accountHash = (email: string | null) =>
  createHash('sha256')
    .update(email ?? '')
    .digest('hex')
    .slice(0, 8);

function readHistoryEntry(dir: string, name: string): Version | undefined {
  try {
    const meta = JSON.parse(readFileSync(join(dir, name, 'version.json'), 'utf8')) as Omit<Version, 'id'>;
    return { id: name, at: meta.at, account: meta.account, action: meta.action, message: meta.message };
  } catch {
    return undefined;
  }
}

function latestHistoryEntry(campaignDir: string): string | undefined {
  const base = join(campaignDir, HISTORY_DIR);
  if (!existsSync(base)) return undefined;
  return readdirSync(base)
    .filter((n) => VERSION_FOLDER.test(n))
    .sort()
    .at(-1);
}
const VERSION_FOLDER = /^\d{8}T\d{9}Z-\d{6}-[0-9a-f]{8}$/;

/** Keeps a copy of the files as a version folder under `.history/` (written whole, then renamed in). */
function keepCopy(campaignDir: string, files: Record<string, string>, meta: Omit<Version, 'id'>): Version {
  const base = join(campaignDir, HISTORY_DIR);
  mkdirSync(base, { recursive: true });
  const id = `${stampOf(new Date(meta.at))}-${String(++sequence % 1_000_000).padStart(6, '0')}-${accountHash(meta.account)}`;
  const tmp = join(base, `.${id}.tmp`);
  mkdirSync(tmp);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(tmp, name), text);
  writeFileSync(join(tmp, 'version.json'), `${JSON.stringify(meta, null, 2)}\n`);
  renameSync(tmp, join(base, id));
  return { id, ...meta };
}

/**
 * Records the campaign's files as they are now, by `account`: a commit of that campaign's folder only
 * when the campaigns folder is in a git repository (author and committer = the account), otherwise a
 * copy under `<campaign>/.history/`. Nothing is recorded when nothing changed since the last version
 * (undefined is returned). Without git, the files found before the first recorded version are kept
 * first, as `initial`, so they can be restored too.
 */
export async function recordVersion(
  root: string,
  id: string,
  account: Account,
  action: Exclude<VersionAction, 'initial' | 'other'>,
  note = '',
): Promise<Version | undefined> {
  const dir = resolve(root, id);
  const message = `${action} ${id}${note ? ` (${note})` : ''}`;
  const top = await gitTopLevel(resolve(root));
  if (top) {
    const path = relative(top, dir) || '.';
    await git(top, ['add', '--all', '--', path]);
    if (!(await git(top, ['status', '--porcelain', '--', path])).trim()) return undefined;
    await git(top, ['commit', '--quiet', '--no-verify', '-m', message, '--', path], account);
    const [hash, at] = (await git(top, ['log', '-1', '--format=%H%x1f%aI', '--', path])).trim().split('\x1f');
    return { id: hash!, at: at!, account: account.email, action, message };
  }
  const files = currentFiles(dir);
  const latest = latestHistoryEntry(dir);
  if (latest) {
    if (sameFiles(files, currentFiles(join(dir, HISTORY_DIR, latest)))) return undefined;
  }
  return keepCopy(dir, files, { at: new Date().toISOString(), account: account.email, action, message });
}

/**
 * Records several campaigns at once (a publish): with git one commit of all their folders, otherwise
 * a copy per campaign that changed. Returns each campaign's current version id (the new one, or the
 * last recorded when nothing changed; null when none was ever recorded).
 */
export async function recordVersions(
  root: string,
  ids: readonly string[],
  account: Account,
  action: Exclude<VersionAction, 'initial' | 'other'>,
  note = '',
): Promise<Record<string, string | null>> {
  const versions: Record<string, string | null> = {};
  if (!ids.length) return versions;
  const top = await gitTopLevel(resolve(root));
  if (!top) {
    for (const id of ids) {
      const v = await recordVersion(root, id, account, action, note);
      versions[id] = v?.id ?? latestHistoryEntry(resolve(root, id)) ?? null;
    }
    return versions;
  }
  const paths = ids.map((id) => relative(top, resolve(root, id)) || '.');
  await git(top, ['add', '--all', '--', ...paths]);
  const status = await git(top, ['status', '--porcelain', '--', ...paths]);
  const changed = new Set(
    ids.filter((_, i) =>
      status.split('\n').some((l) => l.slice(3).replace(/^"|"$/g, '').startsWith(`${paths[i]}/`)),
    ),
  );
  let head: string | undefined;
  if (changed.size) {
    const message = `${action} ${changed.size === 1 ? [...changed][0] : `${changed.size} campaigns`}${note ? ` (${note})` : ''}`;
    await git(top, ['commit', '--quiet', '--no-verify', '-m', message, '--', ...paths], account);
    head = (await git(top, ['rev-parse', 'HEAD'])).trim();
  }
  for (const [i, id] of ids.entries())
    versions[id] = changed.has(id)
      ? head!
      : (await git(top, ['log', '-1', '--format=%H', '--', paths[i]!])).trim() || null;
  return versions;
}

/**
 * Before a save changes the files: without git, keeps the files as they are as the `initial` version
 * when no version was kept yet (with git, the repository has them already, or they are new).
 */
export async function keepInitial(root: string, id: string): Promise<void> {
  const dir = resolve(root, id);
  if (latestHistoryEntry(dir) || (await gitTopLevel(resolve(root)))) return;
  const files = currentFiles(dir);
  if (!Object.keys(files).length) return;
  keepCopy(dir, files, {
    at: new Date().toISOString(),
    account: null,
    action: 'initial',
    message: `initial ${id} (the files before the first recorded save)`,
  });
}

/** The campaign's recorded versions, newest first. */
export async function campaignHistory(root: string, id: string): Promise<Version[]> {
  const dir = resolve(root, id);
  const top = await gitTopLevel(resolve(root));
  if (top) {
    const path = relative(top, dir) || '.';
    let log = '';
    try {
      log = await git(top, ['log', '--format=%H%x1f%ae%x1f%aI%x1f%s', '--', path]);
    } catch {
      return []; // a repository without any commit yet
    }
    return log
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [hash, email, at, subject] = line.split('\x1f') as [string, string, string, string];
        return { id: hash, at, account: email, action: actionOf(subject), message: subject };
      });
  }
  const base = join(dir, HISTORY_DIR);
  if (!existsSync(base)) return [];
  return readdirSync(base)
    .filter((n) => VERSION_FOLDER.test(n))
    .sort()
    .reverse()
    .flatMap((n) => readHistoryEntry(base, n) ?? []);
}

/** The campaign's files as they were in one of its recorded versions; undefined for no such version. */
export async function versionFiles(
  root: string,
  id: string,
  version: string,
): Promise<Record<string, string> | undefined> {
  const dir = resolve(root, id);
  const top = await gitTopLevel(resolve(root));
  if (top) {
    if (!/^[0-9a-f]{7,64}$/.test(version)) return undefined;
    const known = (await campaignHistory(root, id)).find((v) => v.id === version || v.id.startsWith(version));
    if (!known) return undefined;
    const path = relative(top, dir);
    const prefix = path ? `${path}/` : '';
    const names = (await git(top, ['ls-tree', '--name-only', known.id, '--', prefix || '.']))
      .split('\n')
      .filter(Boolean)
      .map((p) => p.slice(prefix.length))
      .filter((n) => CAMPAIGN_FILE.test(n));
    const files: Record<string, string> = {};
    for (const n of names) files[n] = await git(top, ['show', `${known.id}:${prefix}${n}`]);
    return files;
  }
  if (!VERSION_FOLDER.test(version) || !existsSync(join(dir, HISTORY_DIR, version))) return undefined;
  return currentFiles(join(dir, HISTORY_DIR, version));
}
