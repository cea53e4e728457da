import { splitFrontmatter, splitSections } from '../campaign/markdown.ts';
import { ContentFrontmatterSchema, type ContentFrontmatter } from '../campaign/schema/content.ts';
import { parseYamlSource } from '../campaign/yaml-source.ts';
import { contentUnits, type Unit } from './units.ts';

/** A content file already checked by the loader, read again for its units' text. */
export interface ContentFile {
  frontmatter: ContentFrontmatter;
  /** The front matter as written (fields Counterpoint does not know stay as they are). */
  raw: Record<string, unknown>;
  units: Unit[];
}

/** Reads a content file's units; undefined when it does not parse (the loader reports why). */
export function readContentFile(file: string, text: string): ContentFile | undefined {
  const split = splitFrontmatter(text);
  if (split.frontmatter === undefined) return undefined;
  const source = parseYamlSource(file, split.frontmatter, split.frontmatterLine - 1);
  const parsed = ContentFrontmatterSchema.safeParse(source.data ?? {});
  if (source.syntaxErrors.length || !parsed.success) return undefined;
  const { sections, intro } = splitSections(file, split.body, split.bodyLine);
  const introLine =
    split.bodyLine +
    Math.max(
      0,
      split.body.split(/\r?\n/).findIndex((l) => l.trim() !== ''),
    );
  const units = contentUnits({
    data: parsed.data,
    intro,
    introLine,
    sections,
    lineOf: (p) => source.locate(p).line,
  });
  return { frontmatter: parsed.data, raw: source.data as Record<string, unknown>, units };
}
