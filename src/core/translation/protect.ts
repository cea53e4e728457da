/**
 * What a translator must not change inside a unit, kept out of their way as XLIFF inline codes
 * (`<ph>`): `{{placeholders}}`, a section's `{#id}`, link addresses and phone numbers. CAT tools show
 * them as tags to move, not text to translate.
 */
export type Piece =
  | string
  | { id: string; kind: 'placeholder' | 'section-id' | 'url' | 'phone'; code: string };

const PROTECTED =
  /(\{\{\s*\w+\s*\}\})|(\{#[A-Za-z0-9_-]+\})|((?<=\]\()[^)\s]+(?=\)))|(https?:\/\/[^\s)<>\]]+)|(\+\d[\d ]{6,18}\d)/g;

/** Splits a text into plain text and protected codes, numbered from 1 in order. */
export function protect(text: string): Piece[] {
  const out: Piece[] = [];
  let last = 0;
  let n = 0;
  for (const m of text.matchAll(PROTECTED)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const kind = m[1] ? 'placeholder' : m[2] ? 'section-id' : m[5] ? 'phone' : 'url';
    out.push({ id: String(++n), kind, code: m[0] });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** Joins pieces back into text. */
export const unprotect = (pieces: Piece[]): string =>
  pieces.map((p) => (typeof p === 'string' ? p : p.code)).join('');
