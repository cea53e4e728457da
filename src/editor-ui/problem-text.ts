import type { Problem } from '../core/campaign/errors.ts';
import type { ProblemSay } from '../core/campaign/errors.ts';

/** A problem as the editor shows it: which form and field, and the words (key and values, or English). */
export interface ProblemView {
  severity: 'error' | 'warning';
  /** `campaign`, `claims` or the language of a page. */
  form: string;
  /** Field path as validate prints it (`audiences[0].countries`); '' for the whole file. */
  field: string;
  code: string;
  say?: ProblemSay;
  message: string;
}

/** Which form a problem belongs to, from its file's name: `campaign`, `claims` or a page's language. */
function formOf(file: string): string {
  const name = file.split(/[\\/]/).at(-1) ?? '';
  if (name === 'campaign.yaml') return 'campaign';
  if (name === 'claims.yaml') return 'claims';
  return name.endsWith('.md') ? name.slice(0, -3) : 'other';
}

/**
 * A problem of validate as the editor shows it (no file path: the form it belongs to). A page's missing
 * section is the page form's field of that section.
 */
export function viewOf(p: Problem): ProblemView {
  const missing =
    p.code === 'E_CONTENT_SECTION' ? /^missing section \{#([a-z]+)\}/.exec(p.message)?.[1] : undefined;
  return {
    severity: p.severity,
    form: formOf(p.file),
    field: p.field || (missing ?? ''),
    code: p.code,
    ...(p.say ? { say: p.say } : missing ? { say: { key: 'editor.problem.required' } } : {}),
    message: p.message,
  };
}

type T = (key: string, values?: Record<string, unknown>) => string;

/**
 * Problems whose English details speak of files and commands (the editor shows what they mean in its
 * own way: the translator's view marks changed parts, the languages table says what is not reviewed).
 */
const BOOKKEEPING = new Set([
  'E_TRANSLATION_STALE',
  'E_TRANSLATION_UNTRACKED',
  'E_TRANSLATION_SOURCE',
  'E_REVIEW_PENDING',
  'E_LOCALE_KEYS',
]);

/**
 * A problem in the author's language: the field's name, then the message from its key (the common
 * cases), else the kind of problem translated and, where they help, validate's English details.
 */
export function problemText(t: T, p: ProblemView): string {
  if (p.say) return `${p.field ? `${fieldLabel(t, p.field)}: ` : ''}${t(p.say.key, p.say.values)}`;
  const kind = t(`editor.problem.code.${p.code}`);
  if (BOOKKEEPING.has(p.code)) return kind;
  return `${p.field ? `${fieldLabel(t, p.field)}: ` : ''}${kind} (${p.message})`;
}

/** A field path in words: the label of its last named part, with item numbers counted from 1. */
export function fieldLabel(t: T, path: string): string {
  const parts = path.split(/\.|\[(\d+)\]/).filter((x) => x !== undefined && x !== '');
  const names: string[] = [];
  for (const part of parts) {
    if (/^\d+$/.test(part)) names.push(t('editor.field.item', { n: Number(part) + 1 }));
    else names.push(t(`editor.field.${part}`, { defaultValue: part }));
  }
  return names.join(' › ');
}
