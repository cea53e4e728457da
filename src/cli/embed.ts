import { appContext } from '../app/context.ts';
import { embedSnippets, placementLink } from '../core/site/embed.ts';
import { parseArgs, UsageError } from './args.ts';

/**
 * counterpoint embed <campaign> --partner <id> [--site https://…] [--language <code>]: the snippet a
 * partner site pastes (the script, with its no-JavaScript text in a <noscript>), then the static
 * alternative alone, for pages that run no script at all.
 */
export async function runEmbed(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const app = appContext();
  const root = app.campaignsRoot;
  const {
    result: { campaigns },
    problems,
  } = app.check();
  const id = args.positional[0];
  const known = campaigns.map((c) => c.campaign.id);
  if (!id) throw new UsageError(`name a campaign: one of ${known.join(', ') || `(none found in ${root})`}`);
  const loaded = campaigns.find((c) => c.campaign.id === id);
  if (!loaded) {
    const broken = problems.some((p) => p.file.includes(`/${id}/`) && p.severity === 'error');
    throw new UsageError(
      broken
        ? `campaign "${id}" has errors; run counterpoint validate`
        : `no campaign "${id}" in ${root}/; known: ${known.join(', ')}`,
    );
  }
  const placed = loaded.campaign.placements.map((p) => p.partner);
  const partner = args.get('partner');
  const list = placed.length
    ? `one of: ${placed.join(', ')}`
    : `none yet: add one under placements: in ${root}/${id}/campaign.yaml`;
  if (!partner) throw new UsageError(`name the partner with --partner <id>; placed partners: ${list}`);
  const link = placementLink(loaded, partner);
  if (!link) throw new UsageError(`no placement for partner "${partner}" in ${id}; placed partners: ${list}`);
  const language = args.get('language');
  if (language && !loaded.campaign.languages.published.includes(language))
    throw new UsageError(
      `--language ${language}: ${id} is not published in it; use one of: ${loaded.campaign.languages.published.join(', ')}`,
    );
  const site = args.get('site') ?? process.env['SITE_URL'] ?? 'http://localhost:4321';
  const i18n = await app.i18n();
  const snippets = embedSnippets(loaded, link, (lang, key) => i18n.getFixedT(lang)(key), {
    site,
    language,
  });
  if (loaded.campaign.status === 'draft')
    console.error(`note: ${id} is a draft; its script is built once its status is active`);
  console.log(
    `<!-- ${loaded.campaign.title}, on the site of ${partner}: paste where the banner should appear -->`,
  );
  console.log(snippets.script);
  console.log('\n<!-- without JavaScript: a plain link, styled by your page -->');
  console.log(snippets.html);
  return 0;
}
