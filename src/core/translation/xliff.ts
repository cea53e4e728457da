import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { protect, unprotect, type Piece } from './protect.ts';

/**
 * XLIFF 1.2 (OASIS, 2008): the version memoQ, Trados, OmegaT, Weblate and Crowdin all read and write;
 * 2.0 is read by fewer of them (OmegaT and several platforms still lack it). One `<file>` per source
 * document: the campaign's content file, and the UI strings (locales/en.json) as a second one.
 */
export const XLIFF_NS = 'urn:oasis:names:tc:xliff:document:1.2';

export interface ExportUnit {
  /** Stable id: `<campaign>/<unit>` or `ui/<key>`. */
  id: string;
  source: string;
  target?: string;
  /** XLIFF 1.2 target state: translated, needs-review-translation (stale or unreviewed), final. */
  state?: 'translated' | 'needs-review-translation' | 'final';
  notes: string[];
  maxLength?: number;
  /** Markdown keeps its line breaks; one-line texts do not care. */
  multiline: boolean;
}

export interface ExportFile {
  original: string;
  sourceLanguage: string;
  targetLanguage: string;
  datatype: 'x-markdown' | 'plaintext';
  note: string;
  units: ExportUnit[];
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');

function inline(text: string): string {
  return protect(text)
    .map((p) =>
      typeof p === 'string'
        ? escapeText(p)
        : `<ph id="${p.id}" ctype="x-${p.kind}">${escapeText(p.code)}</ph>`,
    )
    .join('');
}

/**
 * Writes an XLIFF 1.2 document. Written as text rather than through an XML builder because inside
 * `<source>` and `<target>` every space and line break is content (`xml:space="preserve"`), and
 * builders indent mixed content.
 */
export function writeXliff(files: ExportFile[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<xliff version="1.2" xmlns="${XLIFF_NS}">`];
  for (const f of files) {
    out.push(
      `  <file original="${escapeAttr(f.original)}" source-language="${f.sourceLanguage}" target-language="${f.targetLanguage}" datatype="${f.datatype}" product-name="counterpoint">`,
    );
    out.push('    <header>', `      <note>${escapeText(f.note)}</note>`, '    </header>', '    <body>');
    for (const u of f.units) {
      const size = u.maxLength ? ` maxwidth="${u.maxLength}" size-unit="char"` : '';
      out.push(
        `      <trans-unit id="${escapeAttr(u.id)}"${size}${u.multiline ? ' xml:space="preserve"' : ''}>`,
      );
      out.push(`        <source>${inline(u.source)}</source>`);
      if (u.target !== undefined)
        out.push(`        <target${u.state ? ` state="${u.state}"` : ''}>${inline(u.target)}</target>`);
      for (const n of u.notes) out.push(`        <note from="counterpoint">${escapeText(n)}</note>`);
      out.push('      </trans-unit>');
    }
    out.push('    </body>', '  </file>');
  }
  out.push('</xliff>', '');
  return out.join('\n');
}

/** A piece of a parsed `<source>` or `<target>`: text, or an inline code with its id. */
export type ParsedPiece = string | { ph: string; content: string };

export interface ParsedUnit {
  id: string;
  line: number;
  source: ParsedPiece[];
  target?: { pieces: ParsedPiece[]; line: number; lang?: string };
}

export interface ParsedFile {
  original: string;
  sourceLanguage: string;
  targetLanguage: string;
  line: number;
  units: ParsedUnit[];
}

export interface XliffProblem {
  line: number;
  /** The trans-unit id, or '' for the document. */
  unit: string;
  message: string;
}

/** `file.xlf:line: unit id: message`, the form editors turn into links. */
export const formatXliffProblem = (file: string, p: XliffProblem) =>
  `${file}:${p.line}: ${p.unit ? `${p.unit}: ` : ''}${p.message}`;

type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;
const tagOf = (n: XmlNode) => Object.keys(n).find((k) => k !== ':@');
const childrenOf = (n: XmlNode) => (n[tagOf(n) ?? ''] as XmlNode[] | undefined) ?? [];
const attr = (n: XmlNode, name: string) => n[':@']?.[name];
const localName = (tag: string) => tag.replace(/^.*:/, '');

/**
 * Reads an XLIFF 1.2 document as a CAT tool or a text editor left it. Positions are kept so every
 * problem names its line; text inside `<mrk>` and `<g>` (segment and formatting marks some tools add)
 * is read through.
 */
export function parseXliff(text: string): { files: ParsedFile[]; problems: XliffProblem[] } {
  const problems: XliffProblem[] = [];
  const src = text.replace(/^\uFEFF/, '');
  const valid = XMLValidator.validate(src);
  if (valid !== true)
    return {
      files: [],
      problems: [{ line: valid.err.line, unit: '', message: `not well-formed XML: ${valid.err.msg}` }],
    };
  const lineStarts = [0];
  for (let i = 0; i < src.length; i++) if (src[i] === '\n') lineStarts.push(i + 1);
  const lineAt = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const lineOf = (n: XmlNode) =>
    lineAt((n as unknown as Record<symbol, { startIndex?: number }>)[META]?.startIndex ?? 0);
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    captureMetaData: true,
    processEntities: true,
  });
  const doc = parser.parse(src) as XmlNode[];
  const root = doc.find((n) => localName(tagOf(n) ?? '') === 'xliff');
  if (!root)
    return {
      files: [],
      problems: [{ line: 1, unit: '', message: 'no <xliff> element: this is not an XLIFF file' }],
    };
  const version = attr(root, 'version');
  if (version !== '1.2') {
    return {
      files: [],
      problems: [
        {
          line: lineOf(root),
          unit: '',
          message: `XLIFF version ${version ?? '(none)'} is not supported; export the file as XLIFF 1.2 (every CAT tool offers it)`,
        },
      ],
    };
  }
  const piecesOf = (n: XmlNode, unit: string): ParsedPiece[] => {
    const out: ParsedPiece[] = [];
    for (const c of childrenOf(n)) {
      const tag = tagOf(c) ?? '';
      if (tag === '#text') out.push(String(c[tag]));
      else if (localName(tag) === 'ph') out.push({ ph: attr(c, 'id') ?? '', content: textOf(c) });
      else if (['mrk', 'g'].includes(localName(tag))) out.push(...piecesOf(c, unit));
      else if (tag !== '#comment')
        problems.push({
          line: lineOf(c),
          unit,
          message: `inline element <${tag}> is not one Counterpoint wrote; keep the <ph> codes of the source and plain text around them`,
        });
    }
    return out;
  };
  const textOf = (n: XmlNode): string =>
    childrenOf(n)
      .map((c) => (tagOf(c) === '#text' ? String(c['#text']) : textOf(c)))
      .join('');

  const files: ParsedFile[] = [];
  for (const f of childrenOf(root).filter((n) => localName(tagOf(n) ?? '') === 'file')) {
    const units: ParsedUnit[] = [];
    const visitUnits = (n: XmlNode) => {
      for (const c of childrenOf(n)) {
        const tag = localName(tagOf(c) ?? '');
        if (tag === 'group' || tag === 'body') visitUnits(c);
        if (tag !== 'trans-unit') continue;
        const id = attr(c, 'id') ?? '';
        const kids = childrenOf(c);
        const source = kids.find((k) => localName(tagOf(k) ?? '') === 'source');
        const target = kids.find((k) => localName(tagOf(k) ?? '') === 'target');
        if (!source) {
          problems.push({ line: lineOf(c), unit: id, message: 'trans-unit without <source>' });
          continue;
        }
        units.push({
          id,
          line: lineOf(c),
          source: piecesOf(source, id),
          ...(target && {
            target: {
              pieces: piecesOf(target, id),
              line: lineOf(target),
              ...(attr(target, 'xml:lang') && { lang: attr(target, 'xml:lang') }),
            },
          }),
        });
      }
    };
    visitUnits(f);
    files.push({
      original: attr(f, 'original') ?? '',
      sourceLanguage: attr(f, 'source-language') ?? '',
      targetLanguage: attr(f, 'target-language') ?? '',
      line: lineOf(f),
      units,
    });
  }
  if (!files.length)
    problems.push({ line: lineOf(root), unit: '', message: 'no <file> element: nothing to import' });
  return { files, problems };
}

/**
 * A target's text with every inline code put back from the source by its id: a code is the source's
 * and cannot be changed by the translation, only moved. Unknown or repeated ids are problems.
 */
export function restoreTarget(
  source: ParsedPiece[],
  target: ParsedPiece[],
): { text: string; problems: string[] } {
  const codes = new Map<string, string>();
  for (const p of source) if (typeof p !== 'string') codes.set(p.ph, p.content);
  const seen = new Set<string>();
  const problems: string[] = [];
  const out: Piece[] = [];
  for (const p of target) {
    if (typeof p === 'string') {
      out.push(p);
      continue;
    }
    const code = codes.get(p.ph);
    if (code === undefined)
      problems.push(`inline code <ph id="${p.ph}"> is not in the source; keep only the source's codes`);
    else if (seen.has(p.ph))
      problems.push(`inline code <ph id="${p.ph}"> (${code}) appears twice; the source has it once`);
    else out.push({ id: p.ph, kind: 'url', code });
    seen.add(p.ph);
  }
  return { text: unprotect(out), problems };
}

/** The source's text (its inline codes as written). */
export const sourceText = (pieces: ParsedPiece[]) =>
  pieces.map((p) => (typeof p === 'string' ? p : p.content)).join('');
