import { Document, isScalar, parseDocument, visit } from 'yaml';
import type { JsonSchemaNode } from './fields.ts';

/** True when a value holds anything an author gave: a text, a number, a yes/no. */
const hasValue = (v: unknown): boolean =>
  Array.isArray(v)
    ? v.some(hasValue)
    : v !== null && typeof v === 'object'
      ? Object.values(v).some(hasValue)
      : v !== undefined && v !== null && v !== '';

/**
 * Drops what an editor writes for a field the author left empty: `{}` for an optional group (an age
 * band nobody gave), `[]` for an optional list, `''` or `null` for an optional value. Required fields
 * of a group that is written stay, even empty, so validation names them. The result is what an author would write by hand.
 */
export function pruneEmpty(value: unknown, node: JsonSchemaNode, required = true): unknown {
  const keep = (v: unknown) => (required ? v : undefined);
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value === '' ? keep(value) : value;
  if (Array.isArray(value)) {
    const items = node.items ? value.map((v) => pruneEmpty(v, node.items!, true) ?? null) : value;
    return hasValue(items) ? items : keep(items);
  }
  if (typeof value === 'object' && !(value instanceof Date) && node.properties) {
    const need = new Set(node.required ?? []);
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const child = node.properties[key];
      const pruned = child ? pruneEmpty(v, child, need.has(key)) : v;
      if (pruned !== undefined) out[key] = pruned;
    }
    // An optional group holding only empty required parts (a survey with no wave and no question) goes too.
    return hasValue(out) ? out : keep(out);
  }
  return value;
}

/** The comment lines a YAML file starts with (a `yaml-language-server` pointer, a note). */
function leadingComments(text: string): string {
  const lines: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith('#')) break;
    lines.push(line);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/**
 * A YAML data file as the editor saves it, tidied: empty optional fields dropped, the comment lines
 * of the file it replaces kept (or `header` for a new file), one style throughout. Text that is not
 * YAML is returned as it is, for the validator to report with its line.
 */
export function tidyYamlFile(
  written: string,
  schema: JsonSchemaNode,
  previous: string | undefined,
  header: string,
): string {
  const doc = parseDocument(written);
  if (doc.errors.length) return written;
  const data = pruneEmpty(doc.toJS(), schema) ?? {};
  const comments = previous === undefined ? header : leadingComments(previous);
  return comments + yamlText(data);
}

/** One style for every file the editor writes: short lists of words on one line, `[fr, wo, en]`. */
function yamlText(data: unknown): string {
  const doc = new Document(data);
  visit(doc, {
    Seq(_key, seq) {
      const values = seq.items.map((i) => (isScalar(i) ? i.value : undefined));
      const short = values.every(
        (v) => typeof v === 'number' || (typeof v === 'string' && /^[\p{L}\p{N}+ .-]{1,30}$/u.test(v)),
      );
      if (values.length && short && values.join(', ').length <= 60) seq.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/**
 * A Markdown file's front matter tidied the same way; the body is kept as the editor wrote it.
 * A file without front matter is returned as it is.
 */
export function tidyMarkdownFile(written: string, schema?: JsonSchemaNode): string {
  const m = /^---\r?\n([\s\S]*?)\r?\n?---[ \t]*\r?\n/.exec(written);
  if (!m) return written;
  const doc = parseDocument(m[1]!);
  if (doc.errors.length) return written;
  // Empty optional groups (a review or a source record left blank) go, as in campaign.yaml.
  const data = schema ? (pruneEmpty(doc.toJS(), schema) ?? {}) : doc.toJS();
  return `---\n${yamlText(data)}---\n${written.slice(m[0].length)}`;
}
