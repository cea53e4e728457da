import type { ErrorSchema } from '@rjsf/utils';
import { stringify } from 'yaml';
import type { PageTexts, ProblemView } from '../data.ts';

/** rjsf fills in nothing the author did not type: no schema defaults, no empty list items. */
export const NO_DEFAULTS = {
  arrayMinItems: { populate: 'never' },
  emptyObjectFields: 'skipDefaults',
} as const;

/**
 * What the author typed, without what they left empty: the form's untouched groups and blank fields
 * are not written, so saving never switches on anything (offerReports, tipline…) the author did not fill.
 */
export function pruned(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(pruned).filter((v) => v !== undefined);
    return items.length ? items : undefined;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .map(([k, v]) => [k, pruned(v)] as const)
      .filter(([, v]) => v !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  if (value === '' || value === null || value === undefined) return undefined;
  return value;
}

/** campaign.yaml's text from the form. */
export const campaignYaml = (data: unknown) =>
  `# yaml-language-server: $schema=../../schema/campaign.schema.json\n${stringify(pruned(data) ?? {}, { lineWidth: 0 })}`;

const SECTION_IDS = ['reality', 'testimonies', 'alternatives', 'help'] as const;

/**
 * A page's text: the front matter kept as it was (review, fingerprints), its texts from the form, then
 * the body: `body` as given (the translator's view), else the introduction and each section written as
 * `## Heading {#id}` (no heading text: the page shows the usual one).
 */
export function pageText(frontmatter: Record<string, unknown>, page: PageTexts & { body?: string }): string {
  const fm: Record<string, unknown> = { ...frontmatter };
  for (const k of ['headline', 'summary', 'share', 'facts'] as const) {
    const v = pruned(page[k]);
    if (v === undefined) delete fm[k];
    else fm[k] = v;
  }
  const sections = SECTION_IDS.flatMap((id) => {
    const text = page[id]?.trim();
    if (!text) return [];
    const heading = page[`${id}Heading`]?.trim();
    return [`${heading ? `## ${heading} {#${id}}` : `## {#${id}}`}\n\n${text}`];
  });
  const body = (page.body ?? [page.intro?.trim() ?? '', ...sections].filter(Boolean).join('\n\n')).trim();
  return `---\n${stringify(fm, { lineWidth: 0 })}---\n\n${body ? `${body}\n` : ''}`;
}

/** The problems of one form as rjsf's extraErrors, each beside its field (field paths like `a.b[0].c`). */
export function extraErrors(problems: ProblemView[], say: (p: ProblemView) => string): ErrorSchema {
  const tree: ErrorSchema = {};
  for (const p of problems) {
    const parts = p.field.split(/\.|\[(\d+)\]/).filter((x) => x !== undefined && x !== '');
    let node = tree;
    for (const part of parts) node = (node[part] ??= {}) as ErrorSchema;
    (node.__errors ??= []).push(say(p));
  }
  return tree;
}

/**
 * A translation's front matter marked as matching its original now: the fingerprints of the original's
 * parts this page translates (`written`), the record `counterpoint translations --mark` keeps; the
 * stale marks are worked out from it.
 */
export function markedUpToDate(
  frontmatter: Record<string, unknown>,
  source: { lang: string; units: { id: string; hash: string }[] },
  written: (unit: string) => boolean,
  today: string,
): Record<string, unknown> {
  return {
    ...frontmatter,
    translatedFrom: {
      language: source.lang,
      on: today,
      units: Object.fromEntries(source.units.filter((u) => written(u.id)).map((u) => [u.id, u.hash])),
    },
  };
}
