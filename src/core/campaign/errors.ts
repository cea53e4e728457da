/**
 * Every problem an author can meet, in one place. Codes are stable: tests, docs and support answers
 * refer to them.
 */
export const ERRORS = {
  E_YAML_SYNTAX: {
    title: 'YAML syntax error',
    hint: 'Check indentation (spaces, not tabs) and that every "key: value" pair is on its own line.',
  },
  E_CAMPAIGN_SCHEMA: {
    title: 'Campaign field is not valid',
    hint: 'The JSON Schema in schema/campaign.schema.json gives your editor the allowed fields and values.',
  },
  E_CONTENT_MISSING: {
    title: 'Content file missing',
    hint: 'Every published language needs campaigns/<id>/<lang>.md.',
  },
  E_CONTENT_FRONTMATTER: {
    title: 'Content front matter is not valid',
    hint: 'Front matter sits between two lines of "---" at the top of the Markdown file.',
  },
  E_CONTENT_SECTION: {
    title: 'Content section problem',
    hint: 'Sections are "## Heading {#id}" with id reality, testimonies, alternatives or help.',
  },
  E_UNSAFE_MARKDOWN: {
    title: 'Unsafe Markdown',
    hint: 'Pages carry no scripts, event handlers or javascript: links from content.',
  },
  E_MESSAGE_MISSING: {
    title: 'Core message not found',
    hint: 'Joint core messages live in campaigns/_messages/<id>/.',
  },
  E_MESSAGE_NOT_ALLOWED: {
    title: 'Core message not agreed for this organisation',
    hint: 'A joint message lists, under organisations in its message.yaml, who may carry it; ask its partners to add yours.',
  },
  E_CAMPAIGN_ID: {
    title: 'Campaign id and folder differ',
    hint: 'The id in campaign.yaml must equal its folder name.',
  },
  E_LOCALE_KEYS: {
    title: 'UI strings missing',
    hint: 'Run npm run i18n:check to list missing keys per language.',
  },
  E_UNFINISHED: {
    title: 'Placeholder not yet replaced',
    hint: 'counterpoint new writes TODO texts, todo- ids and the country XX; a warning in a draft, an error once the campaign is active.',
  },
  E_TRANSLATION_STALE: {
    title: 'Translation may be out of date',
    hint: 'The source text changed since this translation; update it, then run counterpoint translations <id> --mark <lang>.',
  },
  E_TRANSLATION_UNTRACKED: {
    title: 'Translation not tracked',
    hint: 'Without translatedFrom in the front matter, changes to the source go unnoticed; run counterpoint translations <id> --mark <lang>.',
  },
  E_TRANSLATION_SOURCE: {
    title: 'Translation source not found',
    hint: 'translatedFrom.language must be a published language of the campaign.',
  },
  E_REVIEW_PENDING: {
    title: 'Not reviewed',
    hint: 'A published text should be reviewed by a native speaker: set review: { status: reviewed, by, on }.',
  },
  E_XLIFF: {
    title: 'XLIFF file cannot be imported',
    hint: 'Each problem names the .xlf file, the line and the unit id; nothing is written until every problem is fixed.',
  },
  E_CLAIM: {
    title: 'Claims log entry is not valid',
    hint: 'campaigns/<id>/claims.yaml lists claims seen (id, seen, where, language, audience, claim) and, once live, what answers them (answeredBy, answeredOn).',
  },
  E_FILE_READ: { title: 'File cannot be read', hint: 'Check the file exists and is UTF-8 text.' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

/** One problem, located in a file. Line and column are 1-based; 0 means "the whole file". */
export interface Problem {
  code: ErrorCode;
  severity: 'error' | 'warning';
  file: string;
  line: number;
  column: number;
  /** Field path like `audiences[1].countries[0]`, or '' when the problem is not about one field. */
  field: string;
  message: string;
  /**
   * The message as a UI string key and its values (`editor.problem.*`), for the editor to say it in the
   * author's language; absent where there is only the English message.
   */
  say?: ProblemSay;
}

/** A problem's message as an i18next key of locales/ and its interpolation values. */
export interface ProblemSay {
  key: string;
  values?: Record<string, string | number>;
}

/** Renders a field path the way authors read it: `audiences[1].id`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** `path:line:column field: message`, the form editors and CI logs turn into links. */
export function formatProblem(p: Problem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.column}` : p.file;
  const prefix = p.severity === 'warning' ? 'warning: ' : '';
  return `${where} ${prefix}${p.field ? `${p.field}: ` : ''}${p.message}`;
}

/** Thrown by the build when campaigns are not valid; carries the problems, never a stack for the author. */
export class CampaignValidationError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(
      `${problems.filter((p) => p.severity === 'error').length} problem(s) in campaigns:\n${problems.map(formatProblem).join('\n')}`,
    );
    this.name = 'CampaignValidationError';
    this.problems = problems;
  }
}
