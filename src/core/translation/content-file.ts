import { Document, isMap, isPair, parseDocument, visit } from 'yaml';
import { splitFrontmatter } from '../campaign/markdown.ts';
import { SECTIONS, type SectionId } from '../campaign/schema/content.ts';

/** yaml's output options for front matter written by Counterpoint: no folding of long lines. */
const TO_STRING = { lineWidth: 0, minContentWidth: 0, flowCollectionPadding: true } as const;

/**
 * Sets one top-level front matter field of a content file and leaves every other line as it was
 * (comments, quoting and the body included). Used to record `translatedFrom` and `review`.
 */
export function setFrontmatterField(text: string, key: string, value: unknown): string {
  const split = splitFrontmatter(text);
  if (split.frontmatter === undefined) throw new Error('the file has no front matter');
  const doc = parseDocument(split.frontmatter);
  if (!isMap(doc.contents)) throw new Error('the front matter is not a group of fields');
  const node = doc.createNode(value);
  if (key === 'translatedFrom' && isMap(node)) {
    // The fingerprints on one line each is noise for authors: keep them as one flow map.
    const units = node.get('units', true);
    if (isMap(units)) units.flow = true;
  }
  doc.set(key, node);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const yaml = doc.toString(TO_STRING).replace(/\n$/, '').replace(/\n/g, eol);
  return `---${eol}${yaml}${eol}---${eol}${split.body}`;
}

const TEXT_FIELDS = new Set(['headline', 'summary', 'share', 'facts']);

/** The text of a content file as a person would write it: front matter, intro, sections in page order. */
export interface ContentFileParts {
  frontmatter: Record<string, unknown>;
  intro: string;
  /** Section units: the `## Heading {#id}` line and the body. */
  sections: Partial<Record<SectionId, string>>;
}

/** Writes a content file: YAML front matter in double quotes, a blank line between blocks. */
export function formatContentFile(parts: ContentFileParts): string {
  const doc = new Document(parts.frontmatter);
  const root = doc.contents;
  // Reader-facing texts in double quotes, as the examples are written (a colon or # inside stays text).
  visit(root, {
    Scalar(key, node, path) {
      if (key === 'key') return;
      const top = path.find((p) => isPair(p)) as { key?: { value?: unknown } } | undefined;
      if (typeof node.value === 'string' && TEXT_FIELDS.has(String(top?.key?.value)))
        node.type = 'QUOTE_DOUBLE';
    },
  });
  const from = isMap(root) ? root.get('translatedFrom', true) : undefined;
  if (isMap(from)) {
    const inner = from.get('units', true);
    if (isMap(inner)) inner.flow = true;
  }
  const yaml = doc.toString(TO_STRING).trimEnd();
  const blocks = [parts.intro.trim(), ...SECTIONS.map((id) => parts.sections[id]?.trim() ?? '')].filter(
    Boolean,
  );
  return `---\n${yaml}\n---\n\n${blocks.join('\n\n')}\n`;
}
