import { listUsers, normaliseEmail } from '../core/auth/index.ts';
import { formatProblem } from '../core/campaign/index.ts';
import { publish, publishDir } from '../core/authoring/index.ts';
import { openStore } from '../core/metrics/index.ts';
import { buildServerSite } from '../lib/build-site.ts';
import { parseArgs, UsageError } from './args.ts';

/**
 * counterpoint publish --as <email>: what the editor's Publish button does, for operators. The account
 * (a publisher, or an admin) is who the history records; a running server switches to the new build
 * within a second.
 */
export async function runPublish(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const email = args.get('as');
  if (!email) throw new UsageError('name the publishing account: counterpoint publish --as <email>');
  const store = await openStore();
  let account: Awaited<ReturnType<typeof listUsers>>[number] | undefined;
  try {
    account = (await listUsers(store)).find((u) => u.email === normaliseEmail(email));
  } finally {
    await store.close();
  }
  if (!account) throw new UsageError(`--as ${email}: no such account (counterpoint users list)`);
  const result = await publish({
    root: process.env['COUNTERPOINT_CAMPAIGNS'] ?? 'campaigns',
    dir: publishDir(),
    account,
    build: buildServerSite,
  });
  for (const w of result.unreviewed)
    console.warn(
      `${w.file}: warning: published without review (${w.review === 'none' ? 'no review recorded' : w.review})`,
    );
  if (!result.ok) {
    for (const p of result.problems) console.error(formatProblem(p));
    console.error(`not published: ${result.message}`);
    return 1;
  }
  console.log(
    `published ${result.published.join(', ') || 'nothing new'}${result.kept.length ? `; kept as last published: ${result.kept.join(', ')}` : ''}${result.skipped.length ? `; not yours and never published: ${result.skipped.join(', ')}` : ''} (${(result.ms / 1000).toFixed(1)} s, ${result.build})`,
  );
  return 0;
}
