import type { Problem } from '../campaign/errors.ts';
import type { LoadedCampaign, PageContent } from '../campaign/loader.ts';
import type { Campaign, Review } from '../campaign/schema/index.ts';
import { describeUnit } from './unit-names.ts';

/** How one unit of a translation differs from its source now. */
export interface UnitChange {
  unit: string;
  /** "headline", "fact 3", "section help". */
  label: string;
  /**
   * changed: the source text changed since the translation; added: the source has a unit the
   * translation was never made from; removed: the source dropped a unit the translation still shows;
   * missing: the translation lacks a unit it was made from.
   */
  change: 'changed' | 'added' | 'removed' | 'missing';
  /** Line in the translation's file. */
  line: number;
}

export type TranslationState = 'source' | 'up-to-date' | 'stale' | 'not-tracked' | 'unknown-source';

export interface LanguageStatus {
  lang: string;
  file: string;
  state: TranslationState;
  /** The language it was translated from (absent for the source and untracked files). */
  from?: string;
  /** The day it was last marked up to date. */
  markedOn?: string;
  changes: UnitChange[];
  review?: Review;
}

export interface TranslationStatus {
  campaign: string;
  /** The campaign's source language. */
  source: string;
  /** Review of the campaign as a whole. */
  review?: Review;
  languages: LanguageStatus[];
}

/** The language a campaign is written in first: `languages.source`, else the default language. */
export const sourceLanguage = (c: Campaign): string => c.languages.source ?? c.languages.default;

function changesOf(page: PageContent, from: PageContent): UnitChange[] {
  const t = page.translation;
  const recorded = t.from?.units ?? {};
  const at = (unit: string) => t.lines[unit] ?? t.fromLine;
  const out: UnitChange[] = [];
  for (const [unit, hash] of Object.entries(from.translation.hashes)) {
    const was = recorded[unit];
    let change: UnitChange['change'] | undefined;
    if (was === undefined) change = 'added';
    else if (was !== hash) change = 'changed';
    else if (!(unit in t.hashes)) change = 'missing';
    if (change) out.push({ unit, label: describeUnit(unit), change, line: at(unit) });
  }
  for (const unit of Object.keys(recorded)) {
    if (!(unit in from.translation.hashes) && unit in t.hashes)
      out.push({ unit, label: describeUnit(unit), change: 'removed', line: at(unit) });
  }
  return out.sort((a, b) => a.line - b.line);
}

/**
 * Per published language: whether it is the source, up to date with the language it was translated
 * from, stale (and which units), or not tracked; and its review. The editor, the dashboard, `validate`
 * and the landing page's "may be out of date" notice all read this.
 */
export function translationStatus(loaded: LoadedCampaign): TranslationStatus {
  const c = loaded.campaign;
  const source = sourceLanguage(c);
  const languages = c.languages.published.flatMap((lang): LanguageStatus[] => {
    const page = loaded.pages[lang];
    if (!page) return [];
    const t = page.translation;
    const base = { lang, file: t.file, ...(t.review && { review: t.review }) };
    if (lang === source && !t.from) return [{ ...base, state: 'source', changes: [] }];
    if (!t.from) return [{ ...base, state: 'not-tracked', changes: [] }];
    const tracked = { ...base, from: t.from.language, ...(t.from.on && { markedOn: t.from.on }) };
    const fromPage = t.from.language !== lang ? loaded.pages[t.from.language] : undefined;
    if (!fromPage) return [{ ...tracked, state: 'unknown-source', changes: [] }];
    const changes = changesOf(page, fromPage);
    return [{ ...tracked, state: changes.length ? 'stale' : 'up-to-date', changes }];
  });
  return { campaign: c.id, source, ...(c.review && { review: c.review }), languages };
}

/** Whether the page in this language should say "this translation may be out of date". */
export const mayBeOutdated = (loaded: LoadedCampaign, lang: string): boolean =>
  translationStatus(loaded).languages.some((l) => l.lang === lang && l.state === 'stale');

const WHAT: Record<UnitChange['change'], (label: string, src: string) => string> = {
  changed: (label, src) => `${label} changed in ${src} since this translation; update it`,
  added: (label, src) => `${label} is new in ${src} since this translation; translate it`,
  removed: (label, src) => `${label} was removed from ${src} since this translation; remove it here too`,
  missing: (label, src) => `${label} of ${src} is missing here; translate it`,
};

/** The warnings `validate` prints for a campaign's translations and reviews. */
export function translationProblems(loaded: LoadedCampaign): Problem[] {
  const status = translationStatus(loaded);
  const c = loaded.campaign;
  const id = c.id;
  const published = c.status !== 'draft';
  const problems: Problem[] = [];
  const fileOf = (lang: string) => loaded.pages[lang]!.translation.file.split('/').at(-1)!;
  for (const l of status.languages) {
    const t = loaded.pages[l.lang]!.translation;
    const mark = `\`npx counterpoint translations ${id} --mark ${l.lang}\``;
    const warn = (code: Problem['code'], line: number, field: string, message: string) =>
      problems.push({ code, severity: 'warning', file: l.file, line, column: 1, field, message });
    if (l.state === 'not-tracked') {
      warn(
        'E_TRANSLATION_UNTRACKED',
        1,
        '',
        `translation not tracked: the front matter has no translatedFrom, so a change in ${fileOf(status.source)} would go unnoticed here; once this text matches ${fileOf(status.source)}, run ${mark}`,
      );
    } else if (l.state === 'unknown-source') {
      warn(
        'E_TRANSLATION_SOURCE',
        t.fromLine,
        'translatedFrom.language',
        `"${l.from}" is not a published language of ${id}, so this translation cannot be compared with its source; run ${mark} to track it against ${status.source}`,
      );
    } else {
      for (const ch of l.changes)
        warn(
          'E_TRANSLATION_STALE',
          ch.line,
          '',
          `${WHAT[ch.change](ch.label, fileOf(l.from!))}, then run ${mark}`,
        );
    }
    if (published && l.review?.status !== 'reviewed') {
      const now = l.review ? `review status is ${l.review.status}` : 'no review recorded';
      warn(
        'E_REVIEW_PENDING',
        t.reviewLine,
        'review',
        `${now}, but the ${l.lang} page is published; have a native speaker review it and set review: { status: reviewed, by: …, on: … }`,
      );
    }
  }
  return problems;
}
