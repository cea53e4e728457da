import { findLanguage } from '../i18n/languages.ts';
import type { LoadedCampaign } from '../campaign/loader.ts';
import {
  ContentFrontmatterSchema,
  SECTION_NOTES,
  SECTIONS,
  type SectionId,
} from '../campaign/schema/content.ts';
import { formatContentFile } from './content-file.ts';
import type { ContentFile } from './content-read.ts';
import { sourceLanguage, translationStatus } from './status.ts';
import { compareStructure } from './structure.ts';
import { FRONTMATTER_UNITS, hashText, sectionHeadingLine, type Unit } from './units.ts';
import {
  formatXliffProblem,
  parseXliff,
  restoreTarget,
  sourceText,
  writeXliff,
  type ExportFile,
  type ExportUnit,
  type XliffProblem,
} from './xliff.ts';

const shape = ContentFrontmatterSchema.shape;
/** Length limits of the schema, so the XLIFF says them (maxwidth) and the import checks them. */
const MAX_LENGTH: Record<string, number | null> = {
  headline: shape.headline.maxLength,
  summary: shape.summary.maxLength,
  share: shape.share.maxLength,
  fact: shape.facts.element.maxLength,
};
const maxLengthOf = (unit: string) =>
  (unit.startsWith('facts.') ? MAX_LENGTH['fact'] : MAX_LENGTH[unit]) ?? undefined;
const isMarkdown = (unit: string) => unit === 'intro' || unit.startsWith('sections.');

const MARKDOWN_NOTE =
  'Markdown: keep the line breaks, list markers (-), **bold**, [link text](…) and the inline codes (addresses, phone numbers, {#id}) where they belong in your sentence.';

/** Translator notes per field of the front matter (headline, summary, share, facts): the schema's JSDoc. */
export type FieldNotes = Partial<Record<'headline' | 'summary' | 'share' | 'facts', string>>;

export interface UiStrings {
  /** English strings (the source of every UI string). */
  source: Record<string, string>;
  /** The target language's strings, if it has a file. */
  target?: Record<string, string>;
  targetReviewed: boolean;
  descriptions: Record<string, string>;
}

export interface ExportInput {
  loaded: LoadedCampaign;
  to: string;
  /** The source language's content file, read again for its text. */
  source: ContentFile;
  sourcePath: string;
  existing?: ContentFile;
  notes: FieldNotes;
  ui?: UiStrings;
}

function noteFor(unit: string, notes: FieldNotes): string[] {
  const field = unit.startsWith('facts.') ? 'facts' : unit;
  const out: string[] = [];
  const doc = notes[field as keyof FieldNotes];
  if (doc) out.push(doc);
  const section = unit.startsWith('sections.') ? (unit.slice(9) as SectionId) : undefined;
  if (section && SECTION_NOTES[section]) out.push(SECTION_NOTES[section]);
  if (unit === 'intro') out.push('The opening paragraph, between the summary and the first section.');
  const max = maxLengthOf(unit);
  if (max) out.push(`At most ${max} characters (it has to fit a phone screen).`);
  if (isMarkdown(unit)) out.push(MARKDOWN_NOTE);
  return out;
}

/** The XLIFF a translator gets for one campaign and one target language, existing translations filled in. */
export function exportCampaignXliff(input: ExportInput): string {
  const { loaded, to } = input;
  const c = loaded.campaign;
  const from = sourceLanguage(c);
  const status = translationStatus(loaded).languages.find((l) => l.lang === to);
  const stale = new Set(status?.changes.map((ch) => ch.unit) ?? []);
  const existing = new Map(input.existing?.units.map((u) => [u.id, u.text]));
  const reviewed = status?.review?.status === 'reviewed';
  const units: ExportUnit[] = input.source.units.map((u) => {
    const target = existing.get(u.id);
    const notes = noteFor(u.id, input.notes);
    if (target !== undefined && stale.has(u.id))
      notes.push(
        `The source changed since this translation (or it was never tracked): check the target against the source.`,
      );
    return {
      id: `${c.id}/${u.id}`,
      source: u.text,
      ...(target !== undefined && {
        target,
        state:
          stale.has(u.id) || status?.state === 'not-tracked'
            ? 'needs-review-translation'
            : reviewed
              ? 'final'
              : 'translated',
      }),
      notes,
      ...(maxLengthOf(u.id) && { maxLength: maxLengthOf(u.id)! }),
      multiline: isMarkdown(u.id),
    };
  });
  const files: ExportFile[] = [
    {
      original: input.sourcePath,
      sourceLanguage: from,
      targetLanguage: to,
      datatype: 'x-markdown',
      note: `Campaign "${c.title}" (${c.id}): the landing page's texts, from ${from} to ${to}. Import with: npx counterpoint xliff import <this file>`,
      units,
    },
  ];
  if (input.ui && to !== 'en') {
    const ui = input.ui;
    files.push({
      original: 'locales/en.json',
      sourceLanguage: 'en',
      targetLanguage: to,
      datatype: 'plaintext',
      note: "The site's interface strings (buttons, headings, notices), shared by every campaign. Keep every {{placeholder}}.",
      units: Object.entries(ui.source).map(([key, text]) => ({
        id: `ui/${key}`,
        source: text,
        ...(ui.target?.[key] !== undefined && {
          target: ui.target[key],
          state: ui.targetReviewed ? 'final' : 'needs-review-translation',
        }),
        notes: ui.descriptions[key] ? [ui.descriptions[key]] : [],
        multiline: false,
      })),
    });
  }
  return writeXliff(files);
}

/** Where an import reads the current state from. */
export interface ImportContext {
  campaign(
    id: string,
  ):
    | { loaded: LoadedCampaign; read(lang: string): ContentFile | undefined; path(lang: string): string }
    | undefined;
  locales?: {
    source: Record<string, string>;
    read(lang: string): Record<string, unknown> | undefined;
    path(lang: string): string;
  };
  today: string;
}

export interface ImportPlan {
  /** Files to write, complete; empty when there is any problem (all or nothing). */
  writes: { path: string; text: string }[];
  problems: string[];
  /** What the import did, for the person running it. */
  notes: string[];
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const cleanMarkdown = (s: string) =>
  s
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .trim();

/**
 * Checks an XLIFF file against the campaign and plans what to write: for each unit, the same inline
 * codes, placeholders and Markdown structure as the source, a known unit id, the target language
 * declared, the schema's length limits. Any problem, and nothing is written.
 */
export function planXliffImport(xlfName: string, text: string, ctx: ImportContext): ImportPlan {
  const parsed = parseXliff(text);
  const problems: XliffProblem[] = [...parsed.problems];
  const notes: string[] = [];
  const writes: ImportPlan['writes'] = [];
  const fail = () => ({
    writes: [],
    problems: problems.sort((a, b) => a.line - b.line).map((p) => formatXliffProblem(xlfName, p)),
    notes: [],
  });
  if (problems.length) return fail();

  for (const file of parsed.files) {
    const target = file.targetLanguage;
    const p = (line: number, unit: string, message: string) => problems.push({ line, unit, message });
    if (!findLanguage(target)) {
      p(
        file.line,
        '',
        `target-language "${target || '(none)'}" is not a language Counterpoint knows; use a code from src/core/i18n/languages.ts`,
      );
      continue;
    }
    for (const u of file.units) {
      if (u.target?.lang && u.target.lang !== target)
        p(
          u.target.line,
          u.id,
          `the target is marked xml:lang="${u.target.lang}" but the file's target-language is "${target}"; translate into one language per file`,
        );
    }
    const isUi = file.units.every((u) => u.id.startsWith('ui/'));
    if (isUi) planUi(file, ctx, p, writes, notes);
    else planContent(file, ctx, p, writes, notes);
  }
  if (problems.length) return fail();
  return { writes, problems: [], notes };
}

type Report = (line: number, unit: string, message: string) => void;

function planContent(
  file: ReturnType<typeof parseXliff>['files'][number],
  ctx: ImportContext,
  p: Report,
  writes: ImportPlan['writes'],
  notes: string[],
) {
  const ids = new Set(file.units.map((u) => u.id.split('/')[0]));
  if (ids.size !== 1) {
    p(
      file.line,
      '',
      `units of more than one campaign in one <file> (${[...ids].join(', ')}); export one campaign per file`,
    );
    return;
  }
  const id = [...ids][0]!;
  const found = ctx.campaign(id);
  if (!found) {
    p(
      file.units[0]?.line ?? file.line,
      file.units[0]?.id ?? '',
      `no campaign "${id}" (or it has errors: run counterpoint validate)`,
    );
    return;
  }
  const { loaded } = found;
  const c = loaded.campaign;
  const lang = file.targetLanguage;
  const from = file.sourceLanguage;
  if (!c.languages.published.includes(from))
    p(
      file.line,
      '',
      `source-language "${from}" is not a published language of ${id} (${c.languages.published.join(', ')})`,
    );
  if (lang === from) p(file.line, '', `target-language and source-language are both "${lang}"`);
  const current = found.read(from);
  if (!current) return;
  const sourceUnits = new Map(current.units.map((u) => [u.id, u]));
  const existing = found.read(lang);
  const existingUnits = new Map(existing?.units.map((u) => [u.id, u.text]));
  const imported = new Map<string, { text: string; sourceHash: string }>();
  let outdatedSource = 0;
  const seen = new Set<string>();
  for (const u of file.units) {
    const unit = u.id.slice(id.length + 1);
    if (seen.has(unit)) {
      p(u.line, u.id, 'this unit appears twice; keep one');
      continue;
    }
    seen.add(unit);
    const now = sourceUnits.get(unit);
    if (!now) {
      p(
        u.line,
        u.id,
        `no unit "${unit}" in ${found.path(from)}; known: ${[...sourceUnits.keys()].join(', ')} (export the file again if the source changed)`,
      );
      continue;
    }
    if (!u.target) continue;
    const restored = restoreTarget(u.source, u.target.pieces);
    for (const m of restored.problems) p(u.target.line, u.id, m);
    const src = sourceText(u.source);
    const markdown = isMarkdown(unit);
    const text = markdown ? cleanMarkdown(restored.text) : oneLine(restored.text);
    if (!text) continue;
    for (const m of compareStructure(src, text)) p(u.target.line, u.id, m);
    if (unit.startsWith('sections.')) {
      const first = text.split('\n')[0]!;
      if (!/^##[ \t].*\{#[A-Za-z0-9_-]+\}[ \t]*$/.test(first))
        p(
          u.target.line,
          u.id,
          `a section starts with its heading line, like "${sectionHeadingLine(unit.slice(9), '…')}"`,
        );
    }
    if (unit === 'intro' && /^##[ \t]/m.test(text))
      p(u.target.line, u.id, 'the introduction cannot hold a "## " heading; sections are separate units');
    const max = maxLengthOf(unit);
    if (max && [...text].length > max)
      p(
        u.target.line,
        u.id,
        `is ${[...text].length} characters long; keep it to ${max} or fewer so it fits a phone screen`,
      );
    if (hashText(src) !== hashText(now.text)) outdatedSource++;
    imported.set(unit, { text, sourceHash: hashText(src) });
  }
  // Every unit of the source needs a text after the import: from the file, or already translated.
  for (const unit of sourceUnits.keys()) {
    if (!imported.has(unit) && !existingUnits.has(unit)) {
      const u = file.units.find((x) => x.id === `${id}/${unit}`);
      p(
        u?.target?.line ?? u?.line ?? file.line,
        `${id}/${unit}`,
        `has no translation, here or in ${found.path(lang)}; fill in the <target>`,
      );
    }
  }
  if (!imported.size) {
    p(file.line, '', 'no unit has a <target>: nothing to import');
    return;
  }
  const textOf = (unit: string) => imported.get(unit)?.text ?? existingUnits.get(unit) ?? '';
  const factCount = [...sourceUnits.keys()].filter((u) => u.startsWith('facts.')).length;
  const raw = existing?.raw ?? {};
  const previous = existing?.frontmatter.translatedFrom;
  const units = { ...(previous?.language === from ? previous.units : {}) };
  for (const [unit, v] of imported) units[unit] = v.sourceHash;
  for (const unit of Object.keys(units)) if (!sourceUnits.has(unit)) delete units[unit];
  let review = existing?.frontmatter.review ?? { status: 'draft' as const };
  const changed = [...imported].some(([unit, v]) => existingUnits.get(unit) !== v.text);
  if (changed && review.status === 'reviewed') {
    review = { status: 'needs-native-review' };
    notes.push(`${found.path(lang)}: the text changed, so its review status is now needs-native-review`);
  }
  const { headline: _h, summary: _s, share: _sh, facts: _f, review: _r, translatedFrom: _t, ...other } = raw;
  const frontmatter: Record<string, unknown> = {
    ...Object.fromEntries(FRONTMATTER_UNITS.map((k) => [k, textOf(k)])),
    facts: Array.from({ length: factCount }, (_, i) => textOf(`facts.${i}`)),
    ...other,
    review,
    translatedFrom: { language: from, on: ctx.today, units },
  };
  const sections: Partial<Record<SectionId, string>> = {};
  for (const s of SECTIONS) {
    const t = textOf(`sections.${s}`);
    if (t) sections[s] = t;
  }
  writes.push({
    path: found.path(lang),
    text: formatContentFile({ frontmatter, intro: textOf('intro'), sections }),
  });
  notes.push(
    `${found.path(lang)}: ${imported.size} unit(s) imported from ${from}${outdatedSource ? `; ${outdatedSource} of them were translated from an older source text and stay marked out of date` : ''}`,
  );
}

function planUi(
  file: ReturnType<typeof parseXliff>['files'][number],
  ctx: ImportContext,
  p: Report,
  writes: ImportPlan['writes'],
  notes: string[],
) {
  const locales = ctx.locales;
  if (!locales) return;
  const lang = file.targetLanguage;
  if (file.sourceLanguage !== 'en')
    p(
      file.line,
      '',
      `UI strings are translated from en (locales/en.json), but source-language is "${file.sourceLanguage}"`,
    );
  const current = locales.read(lang) ?? {
    _meta: {
      status: 'needs-review',
      note: 'Drafted without a native speaker; have a native speaker review before real use.',
    },
  };
  const next: Record<string, unknown> = { _meta: current['_meta'] };
  const updates = new Map<string, string>();
  for (const u of file.units) {
    const key = u.id.slice(3);
    const src = locales.source[key];
    if (src === undefined) {
      p(u.line, u.id, `no UI string "${key}" in locales/en.json`);
      continue;
    }
    if (!u.target) continue;
    const restored = restoreTarget(u.source, u.target.pieces);
    for (const m of restored.problems) p(u.target.line, u.id, m);
    const text = restored.text.trim();
    if (!text) continue;
    for (const m of compareStructure(src, text)) p(u.target.line, u.id, m);
    updates.set(key, text);
  }
  let changed = 0;
  for (const key of Object.keys(locales.source)) {
    const value = updates.get(key) ?? current[key];
    if (typeof value === 'string') next[key] = value;
    if (updates.has(key) && updates.get(key) !== current[key]) changed++;
  }
  for (const [key, value] of Object.entries(current)) if (!(key in next)) next[key] = value;
  const meta = (next['_meta'] ?? {}) as Record<string, string>;
  if (changed && meta['status'] === 'reviewed') {
    next['_meta'] = { ...meta, status: 'needs-review' };
    notes.push(
      `${locales.path(lang)}: strings changed, so it needs review again (_meta.status: needs-review)`,
    );
  }
  if (!changed) return;
  writes.push({ path: locales.path(lang), text: formatLocaleFile(next) });
  notes.push(`${locales.path(lang)}: ${changed} UI string(s) updated`);
}

/** A locale file the way the others are written: one key per line, `_meta` on one line. */
function formatLocaleFile(data: Record<string, unknown>): string {
  const lines = Object.entries(data).map(([k, v]) => {
    const value =
      k === '_meta' && v && typeof v === 'object'
        ? `{ ${Object.entries(v)
            .map(([mk, mv]) => `${JSON.stringify(mk)}: ${JSON.stringify(mv)}`)
            .join(', ')} }`
        : JSON.stringify(v);
    return `  ${JSON.stringify(k)}: ${value}`;
  });
  return `{\n${lines.join(',\n')}\n}\n`;
}

export type { Unit };
