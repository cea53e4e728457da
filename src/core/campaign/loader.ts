import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { z } from 'zod';
import { fallbackChain, findLanguage } from '../i18n/languages.ts';
import { formatFieldPath, type Problem } from './errors.ts';
import { issuesToProblems } from './issues.ts';
import { findUnsafeMarkdown, renderMarkdown, splitFrontmatter, splitSections } from './markdown.ts';
import {
  CampaignSchema,
  ContentFrontmatterSchema,
  MessageFrontmatterSchema,
  MessageSchema,
  placementWarnings,
  REQUIRED_SECTIONS,
  SECTIONS,
  type Campaign,
  type Message,
  type Review,
  type SectionId,
  type TranslatedFrom,
} from './schema/index.ts';
import { parseYamlSource, type YamlSource } from './yaml-source.ts';
import { contentUnits, hashText } from './units.ts';
import { unfinishedFields, unfinishedUnits } from './unfinished.ts';
import type { Claim } from './schema/claim.ts';

export interface PageSection {
  id: SectionId;
  /** Author's heading, or '' to use the UI string `section.<id>`. */
  heading: string;
  html: string;
}

export interface MessageText {
  id: string;
  version: number;
  /** Language the text is in: the page's own, or a fallback when not yet translated. */
  lang: string;
  title: string;
  html: string;
}

/** What a content file says about its translation: fingerprints of its units, where they are, its review. */
export interface PageTranslation {
  /** The content file, relative to the working directory. */
  file: string;
  /** Fingerprint of each unit of this file (`headline`, `facts.0`, `sections.help`, …). */
  hashes: Record<string, string>;
  /** 1-based line of each unit in the file. */
  lines: Record<string, number>;
  /** The source version this translation was made from, as its front matter records it. */
  from?: TranslatedFrom;
  /** Line of `translatedFrom` (or of the front matter's start when there is none). */
  fromLine: number;
  review?: Review;
  /** Line of `review` (or of the front matter's start). */
  reviewLine: number;
}

/** Everything a landing page in one language shows from its content file. */
export interface PageContent {
  lang: string;
  headline: string;
  summary: string;
  share: string;
  facts: string[];
  introHtml: string;
  sections: PageSection[];
  messages: MessageText[];
  translation: PageTranslation;
}

export interface LoadedCampaign {
  campaign: Campaign;
  /** Folder relative to the working directory, for messages. */
  dir: string;
  pages: Record<string, PageContent>;
  /** The claims log (`claims.yaml`): what smugglers claim and what answers it; [] without the file. */
  claims: Claim[];
}

export interface LoadedMessage {
  message: Message;
  texts: Record<string, { title: string; html: string }>;
}

/**
 * A campaign as its files say, before the workspace step (src/core/workspace/) adds what other parts
 * compute from it: its claims log, checked against its pages, and its translation status.
 */
export type CampaignFiles = Omit<LoadedCampaign, 'claims'>;

/**
 * What runs after a campaign's files are read without error, before the next campaign is read (so its
 * problems stay beside the campaign's own): returns the composed campaign, or undefined to leave it out.
 */
export type ComposeCampaign = (files: CampaignFiles, problems: Problem[]) => LoadedCampaign | undefined;

export interface LoadResult {
  campaigns: LoadedCampaign[];
  messages: Record<string, LoadedMessage>;
  problems: Problem[];
}

const display = (abs: string) => relative(process.cwd(), abs) || abs;

function readText(abs: string, problems: Problem[]): string | undefined {
  try {
    return readFileSync(abs, 'utf8');
  } catch (e) {
    problems.push({
      code: 'E_FILE_READ',
      severity: 'error',
      file: display(abs),
      line: 0,
      column: 0,
      field: '',
      message: `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    });
    return undefined;
  }
}

function subdirs(abs: string): string[] {
  if (!existsSync(abs)) return [];
  return readdirSync(abs)
    .filter((n) => !n.startsWith('.') && statSync(join(abs, n)).isDirectory())
    .sort();
}

/*
 * This module is the one place that lists the campaigns folder (tests/unit/architecture.test.ts): the
 * editor and publishing ask it which campaigns, joint messages and loose files there are.
 */

/** Ids of the campaign folders under `root` (not `_messages` or other `_` folders), sorted. */
export const campaignFolders = (root: string): string[] => subdirs(root).filter((n) => !n.startsWith('_'));

/** Ids of the joint core messages under `root/_messages`, sorted. */
export const messageFolders = (root: string): string[] => subdirs(join(root, '_messages'));

/** Plain files at the top of the campaigns folder (a README, shared media), not hidden ones. */
export const topLevelFiles = (root: string): string[] =>
  existsSync(root)
    ? readdirSync(root).filter(
        (n) => !n.startsWith('.') && !n.startsWith('_') && !statSync(join(root, n)).isDirectory(),
      )
    : [];

function languageFiles(abs: string): string[] {
  return readdirSync(abs)
    .filter((n) => n.endsWith('.md') && n !== 'README.md')
    .map((n) => n.slice(0, -3))
    .sort();
}

/** Parses and validates a YAML file against a schema, collecting located problems. */
function loadYaml<S extends z.ZodType>(
  abs: string,
  schema: S,
  code: Problem['code'],
  problems: Problem[],
): z.output<S> | undefined {
  const text = readText(abs, problems);
  if (text === undefined) return undefined;
  const source = parseYamlSource(display(abs), text);
  if (source.syntaxErrors.length) {
    problems.push(...source.syntaxErrors);
    return undefined;
  }
  const parsed = schema.safeParse(source.data ?? {});
  if (!parsed.success) {
    problems.push(...issuesToProblems(parsed.error.issues, source, schema, code));
    return undefined;
  }
  return parsed.data;
}

/** Parses a Markdown file's front matter and body; returns undefined when the file has errors. */
function loadMarkdown<S extends z.ZodType>(abs: string, schema: S, problems: Problem[]) {
  const text = readText(abs, problems);
  if (text === undefined) return undefined;
  const file = display(abs);
  const split = splitFrontmatter(text);
  const before = problems.length;
  let data: z.output<S> | undefined;
  let source: YamlSource | undefined;
  if (split.frontmatter === undefined) {
    problems.push({
      code: 'E_CONTENT_FRONTMATTER',
      severity: 'error',
      file,
      line: 1,
      column: 1,
      field: '',
      message:
        'no front matter: start the file with a line "---", the fields (headline, summary, …), and another "---"',
    });
  } else {
    source = parseYamlSource(file, split.frontmatter, split.frontmatterLine - 1);
    if (source.syntaxErrors.length) problems.push(...source.syntaxErrors);
    else {
      const parsed = schema.safeParse(source.data ?? {});
      if (parsed.success) data = parsed.data;
      else problems.push(...issuesToProblems(parsed.error.issues, source, schema, 'E_CONTENT_FRONTMATTER'));
    }
  }
  problems.push(...findUnsafeMarkdown(file, split.body, split.bodyLine));
  const { sections, intro, problems: sectionProblems } = splitSections(file, split.body, split.bodyLine);
  problems.push(...sectionProblems);
  if (problems.length > before || data === undefined || !source) return undefined;
  const introLine =
    split.bodyLine +
    Math.max(
      0,
      split.body.split(/\r?\n/).findIndex((l) => l.trim() !== ''),
    );
  return { file, data, sections, intro, introLine, bodyLine: split.bodyLine, body: split.body, source };
}

function loadMessages(root: string, problems: Problem[]): Record<string, LoadedMessage> {
  const messages: Record<string, LoadedMessage> = {};
  const base = join(root, '_messages');
  for (const id of subdirs(base)) {
    const dir = join(base, id);
    const yamlPath = join(dir, 'message.yaml');
    if (!existsSync(yamlPath)) {
      problems.push({
        code: 'E_MESSAGE_MISSING',
        severity: 'error',
        file: display(dir),
        line: 0,
        column: 0,
        field: '',
        message: 'a core message folder needs a message.yaml with id, title and version',
      });
      continue;
    }
    const message = loadYaml(yamlPath, MessageSchema, 'E_CAMPAIGN_SCHEMA', problems);
    if (!message) continue;
    if (message.id !== id) {
      problems.push({
        code: 'E_CAMPAIGN_ID',
        severity: 'error',
        file: display(yamlPath),
        line: 1,
        column: 1,
        field: 'id',
        message: `id "${message.id}" differs from the folder name "${id}"; rename one so they match`,
      });
      continue;
    }
    const texts: LoadedMessage['texts'] = {};
    for (const lang of languageFiles(dir)) {
      const mdPath = join(dir, `${lang}.md`);
      if (!findLanguage(lang)) {
        problems.push({
          code: 'E_CONTENT_MISSING',
          severity: 'error',
          file: display(mdPath),
          line: 0,
          column: 0,
          field: '',
          message: `"${lang}" is not a language in the registry (src/core/i18n/languages.ts); name the file after a registered language code`,
        });
        continue;
      }
      const md = loadMarkdown(mdPath, MessageFrontmatterSchema, problems);
      if (md) texts[lang] = { title: md.data.title, html: renderMarkdown(md.body) };
    }
    messages[id] = { message, texts };
  }
  return messages;
}

function loadCampaign(
  root: string,
  id: string,
  messages: Record<string, LoadedMessage>,
  problems: Problem[],
  compose: ComposeCampaign,
): LoadedCampaign | undefined {
  const dir = join(root, id);
  const yamlPath = join(dir, 'campaign.yaml');
  if (!existsSync(yamlPath)) {
    problems.push({
      code: 'E_FILE_READ',
      severity: 'error',
      file: display(dir),
      line: 0,
      column: 0,
      field: '',
      message: 'a campaign folder needs a campaign.yaml (copy one from an example campaign to start)',
    });
    return undefined;
  }
  const text = readText(yamlPath, problems);
  if (text === undefined) return undefined;
  const source = parseYamlSource(display(yamlPath), text);
  if (source.syntaxErrors.length) {
    problems.push(...source.syntaxErrors);
    return undefined;
  }
  const parsed = CampaignSchema.safeParse(source.data ?? {});
  if (!parsed.success) {
    problems.push(...issuesToProblems(parsed.error.issues, source, CampaignSchema, 'E_CAMPAIGN_SCHEMA'));
    return undefined;
  }
  const campaign = parsed.data;
  const at = (path: (string | number)[]) => ({
    file: source.file,
    ...source.locate(path),
    field: formatFieldPath(path),
  });
  const before = problems.length;

  if (campaign.id !== id) {
    problems.push({
      code: 'E_CAMPAIGN_ID',
      severity: 'error',
      ...at(['id']),
      message: `id "${campaign.id}" differs from the folder name "${id}"; URLs use the id, so rename the folder or change the id`,
    });
  }
  campaign.messages.forEach((m, i) => {
    if (!messages[m]) {
      const known = Object.keys(messages);
      problems.push({
        code: 'E_MESSAGE_MISSING',
        severity: 'error',
        ...at(['messages', i]),
        message: `no core message "${m}" in campaigns/_messages/${known.length ? `; known messages: ${known.join(', ')}` : ''}`,
      });
      return;
    }
    const allowed = messages[m].message.organisations;
    if (allowed && !allowed.includes(campaign.owner.id))
      problems.push({
        code: 'E_MESSAGE_NOT_ALLOWED',
        severity: 'error',
        ...at(['messages', i]),
        message: `core message "${m}" may be carried by ${allowed.join(', ')}; this campaign's owner "${campaign.owner.id}" is not one of them: ask its partners to add it under organisations in campaigns/_messages/${m}/message.yaml`,
      });
  });

  const onDisk = languageFiles(dir);
  const pages: Record<string, PageContent> = {};
  campaign.languages.published.forEach((lang, i) => {
    const mdPath = join(dir, `${lang}.md`);
    if (!onDisk.includes(lang)) {
      problems.push({
        code: 'E_CONTENT_MISSING',
        severity: 'error',
        ...at(['languages', 'published', i]),
        message: `"${lang}" is published but ${display(mdPath)} does not exist; write the page in that language or remove "${lang}" from languages.published`,
      });
      return;
    }
    const md = loadMarkdown(mdPath, ContentFrontmatterSchema, problems);
    if (!md) return;
    const found = new Set<string>();
    const sections: PageSection[] = [];
    for (const s of md.sections) {
      if (!(SECTIONS as readonly string[]).includes(s.id)) {
        problems.push({
          code: 'E_CONTENT_SECTION',
          severity: 'error',
          file: md.file,
          line: s.line,
          column: 1,
          field: '',
          message: `unknown section id {#${s.id}}; use one of ${SECTIONS.map((x) => `{#${x}}`).join(', ')}`,
        });
        continue;
      }
      if (found.has(s.id)) {
        problems.push({
          code: 'E_CONTENT_SECTION',
          severity: 'error',
          file: md.file,
          line: s.line,
          column: 1,
          field: '',
          message: `section {#${s.id}} appears twice; merge the two into one`,
        });
        continue;
      }
      found.add(s.id);
      sections.push({ id: s.id as SectionId, heading: s.heading, html: renderMarkdown(s.body) });
    }
    for (const required of REQUIRED_SECTIONS) {
      if (!found.has(required)) {
        problems.push({
          code: 'E_CONTENT_SECTION',
          severity: 'error',
          file: md.file,
          line: md.bodyLine,
          column: 1,
          field: '',
          message: `missing section {#${required}}; every page needs both the reality of the journey and the safer alternatives (rule 2: a balanced message), so add "## … {#${required}}"`,
        });
      }
    }
    sections.sort((a, b) => SECTIONS.indexOf(a.id) - SECTIONS.indexOf(b.id));
    const messageTexts: MessageText[] = [];
    for (const mid of campaign.messages) {
      const loaded = messages[mid];
      if (!loaded) continue;
      const chosen = [...fallbackChain(lang), campaign.languages.default].find((l) => loaded.texts[l]);
      if (!chosen) continue;
      if (chosen !== lang) {
        problems.push({
          code: 'E_MESSAGE_MISSING',
          severity: 'warning',
          ...at(['messages', campaign.messages.indexOf(mid)]),
          message: `core message "${mid}" has no ${lang} text yet; the ${lang} page shows it in ${chosen}. Add campaigns/_messages/${mid}/${lang}.md`,
        });
      }
      const t = loaded.texts[chosen]!;
      messageTexts.push({
        id: mid,
        version: loaded.message.version,
        lang: chosen,
        title: t.title,
        html: t.html,
      });
    }
    const lineOf = (path: (string | number)[]) => md.source.locate(path).line;
    const units = contentUnits({
      data: md.data,
      intro: md.intro,
      introLine: md.introLine,
      sections: md.sections,
      lineOf,
    });
    problems.push(...unfinishedUnits(md.file, units, campaign.status));
    const { headline, summary, share, facts, review, translatedFrom } = md.data;
    pages[lang] = {
      lang,
      headline,
      summary,
      share,
      facts,
      introHtml: md.intro ? renderMarkdown(md.intro) : '',
      sections,
      messages: messageTexts,
      translation: {
        file: md.file,
        hashes: Object.fromEntries(units.map((u) => [u.id, hashText(u.text)])),
        lines: Object.fromEntries(units.map((u) => [u.id, u.line])),
        ...(translatedFrom && { from: translatedFrom }),
        fromLine: lineOf(['translatedFrom']),
        ...(review && { review }),
        reviewLine: lineOf(['review']),
      },
    };
  });
  for (const lang of onDisk) {
    if (!campaign.languages.published.includes(lang)) {
      problems.push({
        code: 'E_CONTENT_MISSING',
        severity: 'warning',
        file: display(join(dir, `${lang}.md`)),
        line: 0,
        column: 0,
        field: '',
        message: `"${lang}" has content but is not in languages.published, so no page is built for it; add it there when the translation is ready`,
      });
    }
  }
  problems.push(...unfinishedFields(source, campaign.status));
  for (const w of placementWarnings(campaign))
    problems.push({ code: 'E_CAMPAIGN_SCHEMA', severity: 'warning', ...at(w.path), message: w.message });
  if (problems.slice(before).some((p) => p.severity === 'error')) return undefined;
  return compose({ campaign, dir: display(dir), pages }, problems);
}

/** Without a workspace step: the files alone, no claims log read. */
const filesOnly: ComposeCampaign = (files) => ({ ...files, claims: [] });

/**
 * Reads every campaign under `root` and every joint core message under `root/_messages`, and nothing
 * else: `compose` (the workspace step, src/core/workspace/load.ts) adds what other parts compute. Never
 * throws for an author's mistake: each one becomes a located problem, and a campaign with any error is
 * left out of `campaigns`. With `only`, that one campaign (and every joint message, which it may
 * include): what a save checks.
 */
export function readCampaignFiles(
  root: string,
  only?: string,
  compose: ComposeCampaign = filesOnly,
): LoadResult {
  const problems: Problem[] = [];
  const messages = loadMessages(root, problems);
  const campaigns: LoadedCampaign[] = [];
  for (const id of campaignFolders(root)) {
    if (only !== undefined && id !== only) continue;
    const loaded = loadCampaign(root, id, messages, problems, compose);
    if (loaded) campaigns.push(loaded);
  }
  return { campaigns, messages, problems };
}
