import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';

/** Drawing elements a small logo needs; nothing that loads, links, scripts or animates. */
const ELEMENTS = new Set([
  'svg',
  'g',
  'path',
  'circle',
  'ellipse',
  'rect',
  'line',
  'polyline',
  'polygon',
  'title',
]);
const ATTRIBUTES = new Set([
  'xmlns',
  'viewBox',
  'width',
  'height',
  'role',
  'aria-hidden',
  'focusable',
  'd',
  'fill',
  'fill-rule',
  'fill-opacity',
  'clip-rule',
  'stroke',
  'stroke-width',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-opacity',
  'opacity',
  'transform',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'x',
  'y',
  'x1',
  'y1',
  'x2',
  'y2',
  'points',
]);
/** Colours and numbers only: no url(…), which could load something. */
const SAFE_VALUE = /^[#\w\s.,%()+-]*$/;
export const MARK_MAX_BYTES = 2048;
const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';

/** What is wrong with an SVG mark, in words, or undefined when it may be inlined as it is. */
export function markProblem(svg: string): string | undefined {
  if (Buffer.byteLength(svg) > MARK_MAX_BYTES)
    return `the mark is ${Buffer.byteLength(svg)} bytes; at most ${MARK_MAX_BYTES} (every reader downloads it with the page): simplify the drawing`;
  if (XMLValidator.validate(svg) !== true) return 'the mark is not well-formed SVG';
  const tree = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    preserveOrder: true,
    allowBooleanAttributes: true,
  }).parse(svg) as Record<string, unknown>[];
  if (tree.length !== 1 || !('svg' in (tree[0] ?? {}))) return 'the mark must be one <svg> element';
  const walk = (nodes: Record<string, unknown>[]): string | undefined => {
    for (const node of nodes) {
      for (const [key, value] of Object.entries(node)) {
        if (key === ':@') {
          for (const [name, v] of Object.entries(value as Record<string, string>)) {
            if (!ATTRIBUTES.has(name)) return `the attribute ${name} is not allowed in a mark`;
            if (name === 'xmlns' ? v !== SVG_NAMESPACE : !SAFE_VALUE.test(String(v)))
              return `the value of ${name} is not allowed in a mark: colours and numbers only (a url(…) would load something from elsewhere)`;
          }
          continue;
        }
        if (key === '#text') continue;
        if (!ELEMENTS.has(key))
          return `<${key}> is not allowed in a mark (only ${[...ELEMENTS].map((e) => `<${e}>`).join(', ')})`;
        const problem = walk(value as Record<string, unknown>[]);
        if (problem) return problem;
      }
    }
    return undefined;
  };
  return walk(tree);
}

/**
 * A small logo of the organisation, as inline SVG (shown beside its name at the top of every page):
 * drawing elements only, no links, scripts, styles, images or fonts, at most 2 KB.
 * @example "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\"><circle cx=\"12\" cy=\"12\" r=\"10\" fill=\"#0b5cad\"/></svg>"
 */
export const MarkSchema = z.string().superRefine((svg, ctx) => {
  const problem = markProblem(svg.trim());
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
