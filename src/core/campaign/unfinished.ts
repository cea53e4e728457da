import type { Unit } from './units.ts';
import { formatFieldPath, type Problem } from './errors.ts';
import type { YamlSource } from './yaml-source.ts';

/**
 * Placeholders `counterpoint new` writes: texts with the word TODO, ids starting with "todo-", and the
 * country XX (a code ISO keeps for private use, so never a real country).
 */
const TEXT_PLACEHOLDER = /\bTODO\b/;
const ID_PLACEHOLDER = /^todo(?:-|$)/;

const isPlaceholder = (value: string, key: PropertyKey | undefined) =>
  TEXT_PLACEHOLDER.test(value) ||
  ID_PLACEHOLDER.test(value) ||
  ((key === 'country' || typeof key === 'number') && value === 'XX');

/**
 * An unfinished campaign may be drafted and previewed, but never published by mistake: placeholders
 * are warnings while `status` is draft, and errors once it is active or ended.
 */
const severityFor = (status: string): Problem['severity'] => (status === 'draft' ? 'warning' : 'error');

const why = (status: string) =>
  status === 'draft'
    ? 'replace it before the campaign leaves draft'
    : `the campaign is ${status}, so readers would see it: replace it, or set status: draft until it is written`;

/** Units of a content file that still hold a placeholder. */
export function unfinishedUnits(file: string, units: Unit[], status: string): Problem[] {
  return units
    .filter((u) => TEXT_PLACEHOLDER.test(u.text))
    .map((u) => ({
      code: 'E_UNFINISHED',
      severity: severityFor(status),
      file,
      line: u.line,
      column: 1,
      field: u.id,
      message: `still a placeholder (TODO); ${why(status)}`,
    }));
}

/** Fields of campaign.yaml that still hold a placeholder. */
export function unfinishedFields(source: YamlSource, status: string): Problem[] {
  const problems: Problem[] = [];
  const walk = (value: unknown, path: (string | number)[]) => {
    if (typeof value === 'string') {
      if (isPlaceholder(value, path.at(-1))) {
        problems.push({
          code: 'E_UNFINISHED',
          severity: severityFor(status),
          file: source.file,
          ...source.locate(path),
          field: formatFieldPath(path),
          message: `"${value}" is a placeholder; ${why(status)}`,
        });
      }
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(source.data, []);
  return problems;
}
