import { findUnsafeMarkdown } from '../campaign/markdown.ts';

/** What must survive translation unchanged in a unit's Markdown. */
interface Structure {
  placeholders: string[];
  /** Heading levels and, for `##`, the section id, in order: "2#reality", "3". */
  headings: string[];
  listItems: number;
  urls: string[];
  phones: string[];
}

const sorted = (xs: string[]) => [...xs].sort();

function structureOf(text: string): Structure {
  const lines = text.split('\n');
  const headings: string[] = [];
  let listItems = 0;
  let fence = false;
  for (const line of lines) {
    if (/^(```|~~~)/.test(line)) fence = !fence;
    if (fence) continue;
    const h = /^(#{1,6})[ \t]/.exec(line);
    if (h) {
      const id = /\{#([A-Za-z0-9_-]+)\}[ \t]*$/.exec(line)?.[1];
      headings.push(h[1]!.length === 2 && id ? `2{#${id}}` : String(h[1]!.length));
    }
    if (/^\s*(?:[-*+]|\d+[.)])[ \t]+\S/.test(line)) listItems++;
  }
  return {
    placeholders: sorted([...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!)),
    headings,
    listItems,
    urls: sorted(
      [...text.matchAll(/(?<=\]\()[^)\s]+(?=\))|(?<!\]\()https?:\/\/[^\s)<>\]]+/g)].map((m) => m[0]),
    ),
    phones: sorted([...text.matchAll(/\+\d[\d ]{6,18}\d/g)].map((m) => m[0].replace(/ /g, ''))),
  };
}

const differ = (a: string[], b: string[]) => a.join('\u0000') !== b.join('\u0000');
const list = (xs: string[]) => (xs.length ? xs.join(', ') : 'none');

/**
 * Differences in structure between a source unit and its translation, each as a sentence for the
 * translator: placeholders, headings (and section ids), list items, link addresses and phone numbers
 * must be the same; the translation must be safe Markdown.
 */
export function compareStructure(source: string, target: string): string[] {
  const s = structureOf(source);
  const t = structureOf(target);
  const out: string[] = [];
  if (differ(s.placeholders, t.placeholders))
    out.push(
      `placeholders differ from the source: expected {{${s.placeholders.join('}}, {{')}}}, found ${t.placeholders.length ? `{{${t.placeholders.join('}}, {{')}}}` : 'none'}`,
    );
  if (differ(s.headings, t.headings))
    out.push(
      `headings differ from the source: expected ${list(s.headings.map(showHeading))}, found ${list(t.headings.map(showHeading))}; keep each heading and its {#id} as in the source`,
    );
  if (s.listItems !== t.listItems)
    out.push(
      `the source has ${s.listItems} list item(s), the translation ${t.listItems}; keep one item per source item`,
    );
  if (differ(s.urls, t.urls))
    out.push(
      `link addresses differ from the source: expected ${list(s.urls)}, found ${list(t.urls)}; keep every address as it is`,
    );
  if (differ(s.phones, t.phones))
    out.push(
      `phone numbers differ from the source: expected ${list(s.phones)}, found ${list(t.phones)}; readers call these, keep them exactly`,
    );
  for (const p of findUnsafeMarkdown('', target, 1))
    out.push(p.message.replace(/^unsafe Markdown/, 'unsafe Markdown in the translation'));
  return out;
}

const showHeading = (h: string) =>
  h.startsWith('2') ? `"## … ${h.slice(1) || '(no id)'}"` : `"${'#'.repeat(Number(h))} …"`;
