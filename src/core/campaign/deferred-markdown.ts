import { randomUUID } from 'node:crypto';

/**
 * Markdown rendering put off until after the check. Rendering never finds a problem, so a build can
 * learn whether the campaigns are valid without waiting for it (it is about half of the loading time),
 * and render while Astro works. `render` stands in for `renderMarkdown` while loading: it remembers the
 * Markdown in `sources` and returns a placeholder; `fillMarkdown` later swaps in the HTML.
 */
export interface DeferredMarkdown {
  /** Random, so that no text an author writes can be taken for a placeholder. */
  nonce: string;
  sources: string[];
  render: (markdown: string) => string;
}

export function deferMarkdown(): DeferredMarkdown {
  const nonce = randomUUID();
  const sources: string[] = [];
  return { nonce, sources, render: (markdown) => `\u0000${nonce}:${sources.push(markdown) - 1}\u0000` };
}

/**
 * Replaces, in place, every placeholder string of `nonce` inside `value` (objects and arrays, however
 * deep) with its HTML: `html[i]` is the rendering of `sources[i]`. Copies of a placeholder (a core
 * message shown on several pages) are all filled. Returns `value`.
 */
export function fillMarkdown<T>(value: T, nonce: string, html: readonly string[]): T {
  const pattern = new RegExp(`^\\u0000${nonce}:(\\d+)\\u0000$`);
  const swap = (s: string) => {
    if (s.charCodeAt(0) !== 0) return s;
    const m = pattern.exec(s);
    if (!m) return s;
    const h = html[Number(m[1])];
    if (h === undefined) throw new Error(`no HTML for Markdown placeholder ${m[1]} (${html.length} rendered)`);
    return h;
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach((v, i) => (typeof v === 'string' ? (node[i] = swap(v)) : visit(v)));
    } else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        const v = o[k];
        if (typeof v === 'string') o[k] = swap(v);
        else visit(v);
      }
    }
  };
  visit(value);
  return value;
}
