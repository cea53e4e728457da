import { createHash } from 'node:crypto';
import { SECTIONS, type SectionId } from './schema/content.ts';

/**
 * A translatable unit of a content file: `headline`, `summary`, `share`, `facts.0` …, `intro` (the text
 * before the first section) and `sections.<id>`. The same ids key the source fingerprints in
 * `translatedFrom.units` and, prefixed with the campaign id, the XLIFF trans-units.
 */
export interface Unit {
  id: string;
  /** The unit as the author wrote it; a section includes its `## Heading {#id}` line. */
  text: string;
  /** 1-based line of the unit in its file. */
  line: number;
}

/** The parts of a parsed content file that hold text. */
export interface ContentParts {
  data: { headline: string; summary: string; share: string; facts: string[] };
  intro: string;
  introLine: number;
  sections: { id: string; heading: string; body: string; line: number }[];
  /** Line of a front matter field, e.g. ['facts', 2]. */
  lineOf: (path: (string | number)[]) => number;
}

export const FRONTMATTER_UNITS = ['headline', 'summary', 'share'] as const;

/** The `## Heading {#id}` line of a section; an empty heading stays empty (the page uses the UI default). */
export const sectionHeadingLine = (id: string, heading: string) =>
  heading ? `## ${heading} {#${id}}` : `## {#${id}}`;

/** A section unit: its heading line, a blank line, its body. */
export const sectionUnitText = (id: string, heading: string, body: string) => {
  const b = body.trim();
  return b ? `${sectionHeadingLine(id, heading)}\n\n${b}` : sectionHeadingLine(id, heading);
};

/** Every unit of a content file, in page order. */
export function contentUnits(parts: ContentParts): Unit[] {
  const units: Unit[] = FRONTMATTER_UNITS.map((id) => ({
    id,
    text: parts.data[id],
    line: parts.lineOf([id]),
  }));
  parts.data.facts.forEach((text, i) =>
    units.push({ id: `facts.${i}`, text, line: parts.lineOf(['facts', i]) }),
  );
  if (parts.intro.trim()) units.push({ id: 'intro', text: parts.intro.trim(), line: parts.introLine });
  const known = parts.sections.filter((s) => (SECTIONS as readonly string[]).includes(s.id));
  known.sort((a, b) => SECTIONS.indexOf(a.id as SectionId) - SECTIONS.indexOf(b.id as SectionId));
  for (const s of known)
    units.push({ id: `sections.${s.id}`, text: sectionUnitText(s.id, s.heading, s.body), line: s.line });
  return units;
}

const BLOCK_START = /^(?:[-*+][ \t]|\d+[.)][ \t]|#{1,6}[ \t]|>|\||```|~~~)/;

/**
 * The text as compared between versions: Unicode NFC, runs of spaces as one, lines of one paragraph
 * joined (so re-wrapping a paragraph is no change), while paragraphs, list items, headings, quotes and
 * table rows stay apart (splitting or merging them is a change).
 */
export function normaliseText(text: string): string {
  const lines = text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim());
  const blocks: string[] = [];
  let current = '';
  for (const line of lines) {
    if (!line) {
      if (current) blocks.push(current);
      current = '';
    } else if (!current) current = line;
    else if (BLOCK_START.test(line)) current += `\n${line}`;
    else current += ` ${line}`;
  }
  if (current) blocks.push(current);
  return blocks.join('\n\n');
}

/** The unit's fingerprint: the first 8 hex digits of SHA-256 over the normalised text. */
export function hashText(text: string): string {
  return createHash('sha256').update(normaliseText(text)).digest('hex').slice(0, 8);
}
