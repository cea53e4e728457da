/**
 * The band an age in whole years falls in, labelled by its bounds: with bands [15, 18, 25, 35], 16 is
 * "15-17", 40 is "35+" and 14 is "<15". Only the band is stored: an age in years, with the community
 * and the day, can single a respondent out.
 */
export function ageBand(age: number, bands: readonly number[]): string {
  if (age < bands[0]!) return `<${bands[0]}`;
  for (let i = bands.length - 1; i >= 0; i--)
    if (age >= bands[i]!) return i === bands.length - 1 ? `${bands[i]}+` : `${bands[i]}-${bands[i + 1]! - 1}`;
  return `<${bands[0]}`;
}

/** Every band label of `bands`, youngest first (the balance table lists them in this order). */
export const ageBandLabels = (bands: readonly number[]): string[] => [
  `<${bands[0]}`,
  ...bands.map((b, i) => (i === bands.length - 1 ? `${b}+` : `${b}-${bands[i + 1]! - 1}`)),
];

/** A select_one choice name as forms write them: letters, digits, `_`, `.`, `-`; at most 40 characters. */
const CHOICE = /^[\p{L}\p{N}_.-]{1,40}$/u;

/** The choice name lowercased, '' when unanswered, undefined when it is not a choice name (free text). */
export function choiceName(raw: string): string | undefined {
  const v = raw.trim().toLowerCase();
  if (v === '') return '';
  return CHOICE.test(v) ? v : undefined;
}

/** An age in whole years from 0 to 120, undefined otherwise. */
export function wholeYears(n: number | undefined): number | undefined {
  return n !== undefined && Number.isInteger(n) && n >= 0 && n <= 120 ? n : undefined;
}
