import type { z } from 'zod';
import { formatFieldPath, type ErrorCode, type Problem, type ProblemSay } from './errors.ts';
import type { YamlSource } from './yaml-source.ts';

type Issue = z.core.$ZodIssue;

function describeType(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'object') return 'a group of fields';
  return `${typeof value} ${String(value)}`;
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a group of fields',
  record: 'a group of fields',
};

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const p of path) {
    if (v == null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** Keys an object schema allows at a path, for "did you mean" and the list of allowed fields. */
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let s: unknown = schema;
  const unwrap = () => {
    for (;;) {
      const def = (s as { _zod?: { def: Record<string, unknown> } })._zod?.def;
      if (!def) return undefined;
      if (
        ['optional', 'default', 'nullable', 'prefault', 'readonly', 'catch'].includes(def['type'] as string)
      )
        s = def['innerType'];
      else if (def['type'] === 'pipe') s = def['in'];
      else return def;
    }
  };
  for (const p of path) {
    const def = unwrap();
    if (!def) return [];
    if (def['type'] === 'object') s = (def['shape'] as Record<string, unknown>)[String(p)];
    else if (def['type'] === 'array') s = def['element'];
    else return [];
  }
  const def = unwrap();
  return def?.['type'] === 'object' ? Object.keys(def['shape'] as object).filter((k) => k !== '$schema') : [];
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

function closest(word: string, options: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const o of options) {
    const d = editDistance(word.toLowerCase(), o.toLowerCase());
    if (d < bestD) [best, bestD] = [o, d];
  }
  return bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** Picks the union branch that got furthest, so "fr: …, xx: …" reports the bad key, not "expected text". */
function flattenUnion(issue: Issue & { code: 'invalid_union' }): Issue[] | undefined {
  const branches = issue.errors.filter((b) => b.length > 0);
  const rootTypeOnly = branches.every((b) =>
    b.every((i) => i.code === 'invalid_type' && i.path.length === 0),
  );
  if (rootTypeOnly) return undefined;
  const depth = (b: Issue[]) =>
    Math.max(...b.map((i) => i.path.length + (i.code === 'invalid_type' ? 0 : 0.5)));
  const best = branches.reduce((a, b) => (depth(b) > depth(a) ? b : a));
  return best.map((i) => ({ ...i, path: [...issue.path, ...i.path] }) as Issue);
}

function messageFor(issue: Issue, data: unknown, schema: z.ZodType): string {
  const got = valueAt(data, issue.path);
  switch (issue.code) {
    case 'invalid_type': {
      if (got === undefined) return `is required: expected ${EXPECTED[issue.expected] ?? issue.expected}`;
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeType(got)}`;
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => String(v));
      const hint = typeof got === 'string' ? closest(got, values) : undefined;
      return `${got === undefined ? 'is required' : `"${String(got)}" is not allowed`}: expected one of ${values.join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}`;
    }
    case 'unrecognized_keys':
      return '';
    case 'too_small': {
      if (issue.origin === 'array')
        return issue.minimum === 1 ? 'needs at least one item' : `needs at least ${issue.minimum} items`;
      if (issue.origin === 'string')
        return issue.minimum === 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters`;
      return `must be ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}, got ${String(got)}`;
    }
    case 'too_big': {
      if (issue.origin === 'array')
        return `has ${(got as unknown[]).length} items; at most ${issue.maximum} allowed`;
      if (issue.origin === 'string')
        return `is ${String(got).length} characters long; keep it to ${issue.maximum} or fewer so it fits a phone screen`;
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}, got ${String(got)}`;
    }
    case 'invalid_union':
      if (typeof got !== 'string' && (got === null || typeof got !== 'object')) {
        return `expected text, or text per language like { fr: "…", en: "…" }; got ${describeType(got)}`;
      }
      return issue.message;
    case 'invalid_key':
      return issue.message;
    default: {
      void schema;
      return issue.message;
    }
  }
}

const TYPE_KEYS = new Set(['string', 'number', 'int', 'boolean', 'array', 'object', 'record']);

/**
 * The common issues as UI string keys (locales/*.json, `editor.problem.*`) with their values, so the
 * editor says them in the author's language; the rest keep only their English message.
 */
function sayFor(issue: Issue, data: unknown): ProblemSay | undefined {
  const got = valueAt(data, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (got === undefined || got === null || got === '') return { key: 'editor.problem.required' };
      return TYPE_KEYS.has(issue.expected)
        ? { key: `editor.problem.type.${issue.expected === 'record' ? 'object' : issue.expected}` }
        : undefined;
    case 'invalid_value':
      if (got === undefined) return { key: 'editor.problem.required' };
      return {
        key: 'editor.problem.notAllowed',
        values: { value: String(got), allowed: issue.values.map(String).join(', ') },
      };
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string')
        return min === 1
          ? { key: 'editor.problem.empty' }
          : { key: 'editor.problem.tooShort', values: { min } };
      if (issue.origin === 'array') return { key: 'editor.problem.fewItems', values: { min } };
      return { key: 'editor.problem.tooSmall', values: { min } };
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return { key: 'editor.problem.tooLong', values: { max } };
      if (issue.origin === 'array') return { key: 'editor.problem.manyItems', values: { max } };
      return { key: 'editor.problem.tooBig', values: { max } };
    }
    case 'invalid_format':
      return { key: 'editor.problem.format' };
    default:
      return undefined;
  }
}

/**
 * Turns zod issues into located problems. Every issue becomes one line; unknown keys become one line
 * each, placed on the key itself, with a suggestion when the key looks like a typo.
 */
export function issuesToProblems(
  issues: readonly Issue[],
  source: YamlSource,
  schema: z.ZodType,
  code: ErrorCode,
  fieldPrefix: readonly PropertyKey[] = [],
): Problem[] {
  const problems: Problem[] = [];
  const add = (path: readonly PropertyKey[], message: string, key?: string, say?: ProblemSay) => {
    const at = source.locate(path, key);
    problems.push({
      code,
      severity: 'error',
      file: source.file,
      ...at,
      field: formatFieldPath([...fieldPrefix, ...path, ...(key === undefined ? [] : [key])]),
      message,
      ...(say && { say }),
    });
  };
  const visit = (issue: Issue) => {
    if (issue.code === 'invalid_union') {
      const flat = flattenUnion(issue);
      if (flat) return flat.forEach(visit);
    }
    if (issue.code === 'invalid_key' && issue.path.length > 0) {
      const key = issue.path[issue.path.length - 1];
      const inner = issue.issues[0];
      const values = inner && inner.code === 'invalid_value' ? inner.values.map(String) : [];
      const hint = closest(String(key), values);
      add(
        issue.path,
        `"${String(key)}" is not a language Counterpoint knows${hint ? ` (did you mean "${hint}"?)` : ''}; use a code from the language registry: ${values.join(', ')}`,
      );
      return;
    }
    if (issue.code === 'unrecognized_keys') {
      const allowed = knownKeys(schema, issue.path);
      for (const key of issue.keys) {
        const hint = closest(key, allowed);
        add(
          issue.path,
          `unknown field${hint ? ` (did you mean "${hint}"?)` : ''}; allowed here: ${allowed.join(', ')}`,
          key,
          { key: 'editor.problem.unknownField', values: { field: key } },
        );
      }
      return;
    }
    add(issue.path, messageFor(issue, source.data, schema), undefined, sayFor(issue, source.data));
  };
  issues.forEach(visit);
  return problems;
}
