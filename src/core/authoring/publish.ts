import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { can, canAnywhere, type Permissions } from '../auth/roles.ts';
import type { LoadedCampaign, Problem } from '../campaign/index.ts';
import { campaignFolders, messageFolders, topLevelFiles } from '../campaign/loader.ts';
import { checkSite } from '../workspace/index.ts';
import { translationStatus } from '../translation/status.ts';
import type { Account } from './git.ts';
import { recordVersions, serialised } from './history.ts';

/**
 * Where published sites live (`PUBLISH_DIR`, default `data/site`; elsewhere, a `node_modules` link to
 * the checkout's is made in it, because a server build imports its packages from there):
 *
 *     builds/<stamp>/campaigns/   the campaign files that were published (the source of that build)
 *     builds/<stamp>/site/        the server build made from them (site/server/entry.mjs, site/client/)
 *     live -> builds/<stamp>      what readers get; replaced by renaming a new link over it
 *     publishes.jsonl             one line per publish: who, when, which campaign versions
 */
export const publishDir = (env: Record<string, string | undefined> = process.env): string =>
  resolve(env['PUBLISH_DIR'] ?? 'data/site');

/** The build readers get now (its folder, links resolved), or undefined before the first publish. */
export function liveBuild(dir: string): string | undefined {
  try {
    return resolve(dir, readlinkSync(join(dir, 'live')));
  } catch {
    return undefined;
  }
}

/** The campaigns folder the live site was built from, or undefined before the first publish. */
export function liveCampaigns(dir: string): string | undefined {
  const live = liveBuild(dir);
  return live && existsSync(join(live, 'campaigns')) ? join(live, 'campaigns') : undefined;
}

/** A page published without a native speaker's review (Publish goes ahead, and says so). */
export interface ReviewWarning {
  campaign: string;
  language: string;
  /** Its review status, or `none` when the page records no review. */
  review: 'draft' | 'needs-native-review' | 'none';
  file: string;
}

/** One line of publishes.jsonl. */
export interface PublishRecord {
  at: string;
  account: string;
  build: string;
  /** The campaigns this publish took from the campaigns folder, with the version recorded for each. */
  campaigns: Record<string, string | null>;
  /** Pages published without review. */
  unreviewed: number;
}

export type PublishResult =
  | {
      ok: true;
      at: string;
      /** The build folder now live. */
      build: string;
      /** Campaigns taken from the campaigns folder (the account may publish them). */
      published: string[];
      /** Campaigns of other organisations, left as they were last published. */
      kept: string[];
      /** Campaigns in the folder this account may not publish and that were never published. */
      skipped: string[];
      unreviewed: ReviewWarning[];
      /** Warnings of the check (errors would have refused the publish). */
      problems: Problem[];
      ms: number;
      /**
       * Where the time went: putting the source together and checking it, the build, the swap and
       * the switch (onLive), then the history and the removal of old builds.
       */
      steps: { checkMs: number; buildMs: number; switchMs: number; recordMs: number };
      /** Every campaign of the new site as the check loaded it (for the server; not for JSON). */
      campaigns: LoadedCampaign[];
    }
  | {
      ok: false;
      /** `problems`: the check found errors; `build`: the build failed; `forbidden`; `busy`: another publish runs. */
      reason: 'problems' | 'build' | 'forbidden' | 'busy';
      message: string;
      problems: Problem[];
      unreviewed: ReviewWarning[];
    };

export interface PublishOptions {
  /** The campaigns folder authors save into. */
  root: string;
  /** Where builds go (see publishDir). */
  dir: string;
  account: Account & Permissions;
  /** Builds the server-mode site from a campaigns folder into `out` (a child process; src/lib/build-site.ts). */
  build: (campaigns: string, out: string) => Promise<void>;
  localesDir?: string;
  now?: () => Date;
  /**
   * Called once the new build is live (the link swapped), before the history is written and old builds
   * removed: the running server switches to it here, so readers need not wait for the bookkeeping.
   */
  onLive?: (build: string, campaigns: LoadedCampaign[]) => Promise<void>;
}

const messageIds = messageFolders;
const campaignIds = (root: string | undefined): string[] => (root ? campaignFolders(root) : []);

/** The owner organisation a campaign.yaml's text names, without validating the rest; undefined if unreadable. */
export function ownerInYaml(text: string): string | undefined {
  try {
    const data = parseYaml(text) as { owner?: { id?: unknown } } | null;
    return typeof data?.owner?.id === 'string' ? data.owner.id : undefined;
  } catch {
    return undefined;
  }
}

/** The owner organisation of the campaign in `campaignDir` (see ownerInYaml). */
export function ownerOf(campaignDir: string): string | undefined {
  try {
    return ownerInYaml(readFileSync(join(campaignDir, 'campaign.yaml'), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Everything but hidden files and folders (the history kept beside the files, editors' temp files). */
const copyVisible = (from: string, to: string) =>
  cpSync(from, to, { recursive: true, filter: (src) => src === from || !basename(src).startsWith('.') });

let running: Promise<unknown> = Promise.resolve();

/**
 * Publishes what `account` may publish. The new site's source is put together in a new build folder:
 * each campaign the account may publish (a publisher of its organisation, now and in the live version)
 * as it is in the campaigns folder, every other campaign as it was last published (before the first
 * publish: as it is in the folder, which is what `npm start` built). Joint messages are taken from the
 * folder when the account may publish a campaign that includes them. Then every campaign is checked as
 * `validate` checks it: any error refuses the publish, lists the problems and leaves the live site as
 * it was. Otherwise the server-mode site is built from that source into the build folder and the
 * `live` link is renamed over (atomic): readers never see half a site. A page not reviewed by a native
 * speaker is published with a warning. The campaigns published are recorded in their history (by the
 * account) and in publishes.jsonl. Builds other than the live one and the one before it (for rollback)
 * are removed.
 */
export function publish(opts: PublishOptions): Promise<PublishResult> {
  const next = running.then(
    () => publishNow(opts),
    () => publishNow(opts),
  );
  running = next.catch(() => {});
  return next;
}

async function publishNow(opts: PublishOptions): Promise<PublishResult> {
  const started = performance.now();
  const { account } = opts;
  const root = resolve(opts.root);
  const dir = resolve(opts.dir);
  const fail = (
    reason: 'problems' | 'build' | 'forbidden' | 'busy',
    message: string,
    problems: Problem[] = [],
  ) => ({ ok: false, reason, message, problems, unreviewed: [] }) as PublishResult;
  if (!canAnywhere(account, 'publish'))
    return fail('forbidden', 'publishing needs the publisher role in an organisation');

  mkdirSync(join(dir, 'builds'), { recursive: true });
  // A server build imports its packages from node_modules: outside the checkout (a deployment's
  // PUBLISH_DIR=/var/lib/counterpoint/site), a link to the checkout's own lets it find them.
  const inCheckout = relative(process.cwd(), dir);
  if (inCheckout.startsWith('..') || isAbsolute(inCheckout))
    try {
      symlinkSync(resolve('node_modules'), join(dir, 'node_modules'), 'dir');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  // One publish at a time across processes too (the CLI and the server): a lock file made exclusively.
  const lock = join(dir, 'publish.lock');
  try {
    writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
  } catch {
    // A lock older than ten minutes was left by a process that ended mid-publish: taken over.
    let age = 0;
    try {
      age = Date.now() - statSync(lock).mtimeMs;
    } catch {
      // released meanwhile: the next attempt will take it
    }
    if (age < 10 * 60_000) return fail('busy', 'another publish is under way; try again in a minute');
    writeFileSync(lock, `${process.pid}\n`);
  }
  const at = (opts.now?.() ?? new Date()).toISOString();
  const stamp = at.replace(/[-:.]/g, '');
  const build = join(dir, 'builds', stamp);
  let swapped = false;
  try {
    const previous = liveBuild(dir);
    const before = liveCampaigns(dir) ?? root;
    const source = join(build, 'campaigns');
    mkdirSync(source, { recursive: true });

    const mayPublish = (owner: string | undefined) =>
      account.admin || (owner !== undefined && can(account, 'publish', { owner: { id: owner } }));
    const published: string[] = [];
    const kept: string[] = [];
    const skipped: string[] = [];
    for (const id of [...new Set([...campaignIds(root), ...campaignIds(before)])].sort()) {
      const working = join(root, id);
      const old = join(before, id);
      const inFolder = existsSync(join(working, 'campaign.yaml'));
      const wasLive = before !== root && existsSync(join(old, 'campaign.yaml'));
      const mine = mayPublish(inFolder ? ownerOf(working) : undefined) || (!inFolder && wasLive);
      const mineLive = !wasLive || mayPublish(ownerOf(old));
      if (mine && mineLive) {
        if (inFolder) {
          copyVisible(working, join(source, id));
          published.push(id);
        }
        // Deleted from the folder by an account that may publish it: it leaves the site.
      } else if (existsSync(join(old, 'campaign.yaml'))) {
        copyVisible(old, join(source, id));
        kept.push(id);
      } else skipped.push(id);
    }
    // Joint messages: from the folder when one of the campaigns published now includes them.
    const used = new Set<string>();
    for (const id of published) {
      try {
        const data = parseYaml(readFileSync(join(source, id, 'campaign.yaml'), 'utf8')) as {
          messages?: unknown;
        };
        if (Array.isArray(data?.messages))
          for (const m of data.messages) if (typeof m === 'string') used.add(m);
      } catch {
        // An unreadable campaign.yaml is reported by the check below.
      }
    }
    for (const id of new Set([...messageIds(root), ...messageIds(before)])) {
      const fromFolder = join(root, '_messages', id);
      const fromLive = join(before, '_messages', id);
      const take = (account.admin || used.has(id)) && existsSync(fromFolder) ? fromFolder : fromLive;
      if (existsSync(take)) copyVisible(take, join(source, '_messages', id));
    }
    // Anything else the folder holds at its top (a README, shared media) goes as it is.
    for (const other of topLevelFiles(root)) cpSync(join(root, other), join(source, other));

    const check = checkSite(source, opts.localesDir ?? 'locales');
    const checked = performance.now();
    const errors = check.problems.filter((p) => p.severity === 'error');
    const mineNow = new Set(published);
    const unreviewed: ReviewWarning[] = check.result.campaigns
      .filter((c) => mineNow.has(c.campaign.id))
      .flatMap((c) =>
        translationStatus(c)
          .languages.filter((l) => l.review?.status !== 'reviewed')
          .map((l) => ({
            campaign: c.campaign.id,
            language: l.lang,
            review:
              l.review?.status === 'draft' || l.review?.status === 'needs-native-review'
                ? l.review.status
                : 'none',
            file: join(c.dir, `${l.lang}.md`),
          })),
      );
    if (errors.length) {
      rmSync(build, { recursive: true, force: true });
      return {
        ok: false,
        reason: 'problems',
        message: `${errors.length} error${errors.length === 1 ? '' : 's'}: nothing was published, the live site is as it was`,
        problems: errors,
        unreviewed,
      };
    }
    try {
      await opts.build(source, join(build, 'site'));
    } catch (e) {
      rmSync(build, { recursive: true, force: true });
      return fail('build', `the build failed, the live site is as it was: ${(e as Error).message}`);
    }
    const built = performance.now();
    // The swap: a new link made beside the old one, renamed over it in one step.
    const link = join(dir, `.live-${stamp}`);
    symlinkSync(join('builds', stamp), link);
    renameSync(link, join(dir, 'live'));
    swapped = true;
    await opts.onLive?.(build, check.result.campaigns);
    const live = performance.now();

    const versions = await serialised(root, () =>
      recordVersions(root, published, account, 'publish', `published as ${stamp}`),
    );
    const record: PublishRecord = {
      at,
      account: account.email,
      build: stamp,
      campaigns: versions,
      unreviewed: unreviewed.length,
    };
    appendFileSync(join(dir, 'publishes.jsonl'), `${JSON.stringify(record)}\n`);
    for (const old of readdirSync(join(dir, 'builds')))
      if (old !== stamp && join(dir, 'builds', old) !== previous)
        rmSync(join(dir, 'builds', old), { recursive: true, force: true });
    return {
      ok: true,
      at,
      build,
      published,
      kept,
      skipped,
      unreviewed,
      problems: check.problems,
      ms: Math.round(performance.now() - started),
      steps: {
        checkMs: Math.round(checked - started),
        buildMs: Math.round(built - checked),
        switchMs: Math.round(live - built),
        recordMs: Math.round(performance.now() - live),
      },
      campaigns: check.result.campaigns,
    };
  } catch (e) {
    if (!swapped) rmSync(build, { recursive: true, force: true });
    throw e;
  } finally {
    rmSync(lock, { force: true });
  }
}

/** Every publish, newest first (publishes.jsonl); those that took `campaign` when one is named. */
export function publishHistory(dir: string, campaign?: string): PublishRecord[] {
  let text = '';
  try {
    text = readFileSync(join(resolve(dir), 'publishes.jsonl'), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as PublishRecord];
      } catch {
        return [];
      }
    })
    .filter((r) => campaign === undefined || campaign in r.campaigns)
    .reverse();
}
