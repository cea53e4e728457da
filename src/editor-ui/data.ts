import { existsSync, readFileSync } from 'node:fs';
import { campaignsRootFromEnv, checkDraft } from '../app/context.ts';
import { campaignFolders } from '../core/campaign/loader.ts';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { can, canAnywhere, type User } from '../core/auth/index.ts';
import {
  campaignHistory,
  currentFiles,
  ownerOf,
  publishHistory,
  type Version,
} from '../core/authoring/index.ts';
import type { Problem } from '../core/campaign/errors.ts';
import { type ProblemView, viewOf } from './problem-text.ts';
import { splitFrontmatter, splitSections } from '../core/campaign/markdown.ts';
import { SECTIONS, type SectionId } from '../core/campaign/schema/content.ts';
import { directionOf, findLanguage, type TFunction } from '../core/i18n/index.ts';
import { readContentFile } from '../core/translation/content-read.ts';
import { hashText, translationStatus } from '../core/translation/index.ts';
import type { Verdict } from '../core/workspace/index.ts';

/**
 * What the editor's pages show, put together on the server from the campaigns folder (the authors'
 * drafts, not the published site): the browser gets it as JSON and draws the forms. Nothing here knows
 * of HTTP; the routes (src/editor-ui/routes/) authorise, then call these.
 */

/** The campaigns folder authors save into (the server's, see src/server/main.ts). */
export const authoringRoot = () => resolve(campaignsRootFromEnv());

export interface Abilities {
  edit: boolean;
  review: boolean;
  publish: boolean;
}

export type { ProblemView } from './problem-text.ts';

export type PageState = 'missing' | 'draft' | 'translated' | 'stale' | 'reviewed';

export interface LanguageView {
  lang: string;
  dir: 'ltr' | 'rtl';
  state: PageState;
  /** The language this page was translated from, when it is a tracked translation. */
  from?: string;
  source: boolean;
  /** Units changed in the source since the translation (their labels). */
  staleUnits: string[];
}

const abilities = (user: User, owner: string): Abilities => ({
  edit: can(user, 'edit', { owner: { id: owner } }),
  review: can(user, 'review', { owner: { id: owner } }),
  publish: can(user, 'publish', { owner: { id: owner } }),
});

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The campaign's owner when `user` may read it; undefined hides it (another organisation's: "not found"). */
export function readableOwner(root: string, id: string, user: User): string | undefined {
  if (!SLUG.test(id) || !existsSync(join(root, id, 'campaign.yaml'))) return undefined;
  const owner = ownerOf(join(root, id));
  return owner !== undefined && can(user, 'read-report', { owner: { id: owner } }) ? owner : undefined;
}

/** The organisations where `user` may create campaigns (where it edits). */
export const editableOrganisations = (user: User): string[] =>
  user.memberships
    .filter((m) => can(user, 'edit', { owner: { id: m.organisation } }))
    .map((m) => m.organisation);

export interface CampaignListItem {
  id: string;
  title: string;
  owner: string;
  may: Abilities;
}

/** The campaigns `user` may read, with what it may do on each. */
export function campaignList(root: string, user: User): CampaignListItem[] {
  if (!existsSync(root)) return [];
  return campaignFolders(root)
    .filter((n) => SLUG.test(n))
    .sort()
    .flatMap((id) => {
      const owner = readableOwner(root, id, user);
      if (owner === undefined) return [];
      const raw = readYaml(join(root, id, 'campaign.yaml'));
      const title = typeof raw?.['title'] === 'string' && raw['title'] ? raw['title'] : id;
      return [{ id, title, owner, may: abilities(user, owner) }];
    });
}

function readYaml(file: string): Record<string, unknown> | undefined {
  try {
    const data = parseYaml(readFileSync(file, 'utf8')) as unknown;
    return data && typeof data === 'object' && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A problem of this campaign's own files (the check also reads the joint messages and UI strings). */
const concerns = (p: Problem, dir: string) =>
  resolve(p.file).startsWith(`${dir}/`) || resolve(p.file) === dir;

export interface HistoryView {
  versions: Version[];
  publishes: { at: string; account: string | null }[];
}

export interface CampaignScreen {
  id: string;
  owner: string;
  title: string;
  may: Abilities;
  /** The campaign's settings as written (campaign.yaml, parsed), for the form. */
  settings: Record<string, unknown>;
  /** The campaign.yaml text does not parse: the form starts empty and says so. */
  unreadable: boolean;
  problems: ProblemView[];
  languages: LanguageView[];
  claims: { id: string; seen: string; where: string; language: string; claim: string; answered: boolean }[];
  /**
   * The seven rules of the 2016 conference as the draft meets them, in the author's language; undefined
   * while the draft has errors (it does not load, so it cannot be scored).
   */
  scorecard?: { rule: number; name: string; verdict: Verdict; verdictText: string; why: string }[];
  history: HistoryView;
}

/** The words of the author's language the server puts into a screen (a dashboard request's Ui). */
export interface ScreenWords {
  t: TFunction;
  /** A message (key and values) with its figures formatted for the language. */
  say: (key: string, values?: Record<string, unknown>) => string;
}

/** One campaign's screen: its settings, problems, pages' states, claims log and history. */
export async function campaignScreen(
  root: string,
  publishDir: string,
  id: string,
  user: User,
  words: ScreenWords,
  localesDir = 'locales',
): Promise<CampaignScreen | undefined> {
  const owner = readableOwner(root, id, user);
  if (owner === undefined) return undefined;
  const dir = resolve(root, id);
  const check = checkDraft(root, localesDir, id);
  const problems = check.problems.filter((p) => concerns(p, dir)).map(viewOf);
  const raw = readYaml(join(dir, 'campaign.yaml'));
  const settings = raw ?? {};
  const loaded = check.result.campaigns.find((c) => c.campaign.id === id);
  const status = loaded && translationStatus(loaded);
  const languagesRaw = settings['languages'] as
    | { published?: unknown; default?: unknown; source?: unknown }
    | undefined;
  const published = Array.isArray(languagesRaw?.published)
    ? languagesRaw.published.filter((l): l is string => typeof l === 'string' && !!findLanguage(l))
    : [];
  const source = String(languagesRaw?.source ?? languagesRaw?.default ?? published[0] ?? '');
  const files = currentFiles(dir);
  const languages = published.map((lang): LanguageView => {
    const file = `${lang}.md`;
    const base = { lang, dir: directionOf(lang), source: lang === source, staleUnits: [] as string[] };
    if (!(file in files)) return { ...base, state: 'missing' };
    const hasErrors = problems.some((p) => p.form === lang && p.severity === 'error');
    const s = status?.languages.find((l) => l.lang === lang);
    const content = readContentFile(file, files[file]!);
    const review = s?.review ?? content?.frontmatter.review;
    const from = s?.from ?? content?.frontmatter.translatedFrom?.language;
    const tracked = { ...base, ...(from && from !== lang && { from }) };
    if (hasErrors || !content) return { ...tracked, state: 'draft' };
    if (s?.state === 'stale') return { ...tracked, state: 'stale', staleUnits: s.changes.map((c) => c.unit) };
    return { ...tracked, state: review?.status === 'reviewed' ? 'reviewed' : 'translated' };
  });
  const claims = (loaded?.claims ?? []).map((c) => ({
    id: c.id,
    seen: c.seen,
    where: c.where,
    language: c.language,
    claim: c.claim,
    answered: !!c.answeredBy,
  }));
  const card = check.scorecards.find((c) => c.id === id);
  const scorecard = card?.rules.map((r) => ({
    rule: r.rule,
    name: words.t(`dashboard.rule.${r.rule}`),
    verdict: r.verdict,
    verdictText: words.t(`dashboard.verdict.${r.verdict}`),
    why: r.messages.map((m) => words.say(m.key, m.values)).join(' '),
  }));
  return {
    id,
    owner,
    title: typeof settings['title'] === 'string' && settings['title'] ? settings['title'] : id,
    may: abilities(user, owner),
    settings,
    unreadable: raw === undefined,
    problems,
    languages,
    claims,
    ...(scorecard && { scorecard }),
    history: {
      versions: await campaignHistory(root, id),
      publishes: publishHistory(publishDir, id).map((p) => ({ at: p.at, account: p.account })),
    },
  };
}

/** A page's texts as the page form holds them (a section's heading is empty for the usual one). */
export type PageTexts = {
  headline?: string;
  summary?: string;
  share?: string;
  facts?: string[];
  intro?: string;
} & Partial<Record<SectionId | `${SectionId}Heading`, string>>;

export interface PageScreen {
  id: string;
  title: string;
  lang: string;
  dir: 'ltr' | 'rtl';
  may: Abilities;
  exists: boolean;
  /** The page's texts for the form: headline, summary, share, facts, introduction and sections. */
  page: PageTexts;
  /** The page's body as written (Markdown), for the preview. */
  body: string;
  /** The front matter as written: fields the form does not show (review, fingerprints) are kept. */
  frontmatter: Record<string, unknown>;
  problems: ProblemView[];
  /** The source language's units beside this page's (translations only). */
  source?: {
    lang: string;
    dir: 'ltr' | 'rtl';
    /** Each unit's text and fingerprint (kept in the translation when it is marked up to date; never shown). */
    units: { id: string; text: string; hash: string }[];
  };
  units: { id: string; text: string; stale: boolean }[];
}

/** One language's page of a campaign: its texts, its problems, and the source beside it. */
export function pageScreen(
  root: string,
  id: string,
  lang: string,
  user: User,
  localesDir = 'locales',
): PageScreen | undefined {
  const owner = readableOwner(root, id, user);
  if (owner === undefined || !findLanguage(lang)) return undefined;
  const dir = resolve(root, id);
  const raw = readYaml(join(dir, 'campaign.yaml')) ?? {};
  const langs = raw['languages'] as { published?: unknown; default?: unknown; source?: unknown } | undefined;
  const published = Array.isArray(langs?.published) ? (langs.published as unknown[]).map(String) : [];
  if (!published.includes(lang)) return undefined;
  const files = currentFiles(dir);
  const file = `${lang}.md`;
  const text = files[file];
  const check = checkDraft(root, localesDir, id);
  const problems = check.problems
    .filter((p) => concerns(p, dir))
    .map(viewOf)
    .filter((p) => p.form === lang);
  const split = text === undefined ? undefined : splitFrontmatter(text);
  const frontmatter =
    (split?.frontmatter !== undefined && (parseYamlSafe(split.frontmatter) as Record<string, unknown>)) || {};
  const str = (k: string) => (typeof frontmatter[k] === 'string' ? (frontmatter[k] as string) : undefined);
  const facts = Array.isArray(frontmatter['facts'])
    ? (frontmatter['facts'] as unknown[]).map(String)
    : undefined;
  const body = split?.body.replace(/^\s*\n/, '') ?? '';
  const parts = splitSections(file, body, 1);
  const page: PageTexts = {
    ...(str('headline') !== undefined && { headline: str('headline') }),
    ...(str('summary') !== undefined && { summary: str('summary') }),
    ...(str('share') !== undefined && { share: str('share') }),
    ...(facts && { facts }),
    ...(parts.intro && { intro: parts.intro }),
  };
  for (const section of parts.sections) {
    if (!(SECTIONS as readonly string[]).includes(section.id)) continue;
    if (section.heading) page[`${section.id}Heading` as `${SectionId}Heading`] = section.heading;
    if (section.body.trim()) page[section.id as SectionId] = section.body.trim();
  }
  const sourceLang = String(langs?.source ?? langs?.default ?? published[0] ?? '');
  const loaded = check.result.campaigns.find((c) => c.campaign.id === id);
  const stale = new Set(
    (loaded &&
      translationStatus(loaded)
        .languages.find((l) => l.lang === lang)
        ?.changes.map((c) => c.unit)) ??
      [],
  );
  const mine = text === undefined ? undefined : readContentFile(file, text);
  const fromLang = mine?.frontmatter.translatedFrom?.language ?? sourceLang;
  const fromText = fromLang !== lang ? files[`${fromLang}.md`] : undefined;
  const theirs = fromText === undefined ? undefined : readContentFile(`${fromLang}.md`, fromText);
  return {
    id,
    title: typeof raw['title'] === 'string' && raw['title'] ? raw['title'] : id,
    lang,
    dir: directionOf(lang),
    may: abilities(user, owner),
    exists: text !== undefined,
    page,
    body,
    frontmatter,
    problems,
    ...(theirs && {
      source: {
        lang: fromLang,
        dir: directionOf(fromLang),
        units: theirs.units.map((u) => ({ id: u.id, text: u.text, hash: hashText(u.text) })),
      },
    }),
    units: (mine?.units ?? []).map((u) => ({ id: u.id, text: u.text, stale: stale.has(u.id) })),
  };
}

function parseYamlSafe(text: string): unknown {
  try {
    return parseYaml(text);
  } catch {
    return undefined;
  }
}

/** Whether `user` may press Publish anywhere (the campaigns list shows the button then). */
export const mayPublish = (user: User) => canAnywhere(user, 'publish');
