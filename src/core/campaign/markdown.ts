import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import type { Problem } from './errors.ts';

/** Front matter split from a Markdown file, with the line the body starts on. */
export interface SplitMarkdown {
  frontmatter: string | undefined;
  /** 1-based line of the first front matter line (after the opening ---). */
  frontmatterLine: number;
  body: string;
  /** 1-based line of the first body line. */
  bodyLine: number;
}

export function splitFrontmatter(text: string): SplitMarkdown {
  const src = text.replace(/^\uFEFF/, '');
  const m = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(src);
  if (!m) return { frontmatter: undefined, frontmatterLine: 1, body: src, bodyLine: 1 };
  const fmLines = m[0].split('\n').length - 1;
  return { frontmatter: m[1], frontmatterLine: 2, body: src.slice(m[0].length), bodyLine: fmLines + 1 };
}

/** A `## Heading {#id}` section of a content file. */
export interface RawSection {
  id: string;
  /** Heading text as written; empty when the author left it to the UI default. */
  heading: string;
  body: string;
  line: number;
}

const SECTION_RE = /^##[ \t]+(.*?)[ \t]*\{#([A-Za-z0-9_-]+)\}[ \t]*$/;

/**
 * Splits a body into sections at `## … {#id}` headings. Text before the first section is returned as
 * `intro`. Headings of level 2 without an id are an error: the page needs to know which part is which.
 */
export function splitSections(file: string, body: string, bodyLine: number) {
  const lines = body.split(/\r?\n/);
  const sections: RawSection[] = [];
  const problems: Problem[] = [];
  const intro: string[] = [];
  let current: RawSection | undefined;
  let fence: string | undefined;
  lines.forEach((line, i) => {
    const fenceMatch = /^(```|~~~)/.exec(line);
    if (fenceMatch) fence = fence ? (line.startsWith(fence) ? undefined : fence) : fenceMatch[1];
    const m = fence ? null : SECTION_RE.exec(line);
    if (m) {
      current = { id: m[2]!, heading: m[1]!, body: '', line: bodyLine + i };
      sections.push(current);
      return;
    }
    if (!fence && /^##[ \t]/.test(line)) {
      problems.push({
        code: 'E_CONTENT_SECTION',
        severity: 'error',
        file,
        line: bodyLine + i,
        column: 1,
        field: '',
        message: `level-2 heading without a section id; end it with {#reality}, {#testimonies}, {#alternatives} or {#help} so the page knows which part it is, or use ### for a sub-heading`,
      });
    }
    if (current) current.body += `${line}\n`;
    else intro.push(line);
  });
  return { sections, intro: intro.join('\n').trim(), problems };
}

const UNSAFE: { re: RegExp; what: string }[] = [
  { re: /<\s*script\b/i, what: 'a <script> element' },
  { re: /<\s*(iframe|object|embed|style|link|meta|form|base)\b/i, what: 'an embedded <$1> element' },
  { re: /<[^>]*\son[a-z]+\s*=/i, what: 'an event handler attribute (on…=)' },
  { re: /\]\(\s*<?\s*(javascript|vbscript|data):/i, what: 'a $1: link' },
  { re: /\b(href|src)\s*=\s*["']?\s*(javascript|vbscript|data):/i, what: 'a $2: link' },
  { re: /^\s*\[[^\]]+\]:\s*<?\s*(javascript|vbscript|data):/i, what: 'a $1: link' },
];

/**
 * Finds content that would run code or pull in other sites if it reached a page. Reported as errors
 * rather than silently stripped, so the author sees what the reader would not.
 */
export function findUnsafeMarkdown(file: string, body: string, bodyLine: number): Problem[] {
  const problems: Problem[] = [];
  body.split(/\r?\n/).forEach((line, i) => {
    for (const { re, what } of UNSAFE) {
      const m = re.exec(line);
      if (!m) continue;
      const description = what.replace(/\$(\d)/g, (_, n: string) => (m[Number(n)] ?? '').toLowerCase());
      problems.push({
        code: 'E_UNSAFE_MARKDOWN',
        severity: 'error',
        file,
        line: bodyLine + i,
        column: m.index + 1,
        field: '',
        message: `unsafe Markdown: ${description} is not allowed; landing pages must stay free of scripts and other sites' content (readers' safety and the page budget), so remove it and use plain Markdown text and https:// links`,
      });
      break;
    }
  });
  return problems;
}

const marked = new Marked({ gfm: true, breaks: false, async: false });

/** Elements and attributes content may use; everything else is removed even if the check above missed it. */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'em',
    'b',
    'i',
    'a',
    'ul',
    'ol',
    'li',
    'blockquote',
    'h3',
    'h4',
    'hr',
    'abbr',
    'bdi',
    'span',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'cite',
    'figure',
    'figcaption',
  ],
  allowedAttributes: {
    a: ['href', 'lang', 'dir'],
    abbr: ['title'],
    span: ['lang', 'dir'],
    bdi: ['dir'],
    th: ['scope'],
  },
  allowedSchemes: ['https', 'tel', 'mailto'],
  allowProtocolRelative: false,
  transformTags: {
    // Content links leave the site: say so to assistive tech and never leak the referrer.
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer' } }),
  },
};
SANITIZE.allowedAttributes = { ...SANITIZE.allowedAttributes, a: ['href', 'lang', 'dir', 'rel'] };

/** Markdown to safe HTML. Headings are shifted so content never competes with the page's h1/h2. */
export function renderMarkdown(markdown: string): string {
  const shifted = markdown.replace(/^(#{1,4})(?=[ \t])/gm, (h) =>
    h.length < 3 ? '###' : `${h}#`.slice(0, 4),
  );
  const html = marked.parse(shifted) as string;
  return sanitizeHtml(html, SANITIZE).trim();
}
