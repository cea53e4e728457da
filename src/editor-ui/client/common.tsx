import type { ProblemView } from '../data.ts';
import { problemText } from '../problem-text.ts';
import { refusal } from './refusal.ts';

export type T = (key: string, options?: Record<string, unknown>) => string;

export interface Boot {
  view: 'list' | 'new' | 'campaign' | 'page' | 'translate';
  lang: string;
  user: string;
  strings: Record<string, string>;
  data: unknown;
}

export const base = '/dashboard/editor/';

/** The name of a language in the editor's language ("arabe" in French). */
export const languageName = (uiLang: string, code: string) => {
  try {
    return new Intl.DisplayNames([uiLang], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
};

/** Back on the same page after a save or an action, with what happened (read by `Flash`). */
export const reloadWith = (done: string) => {
  location.assign(`${location.pathname}?done=${encodeURIComponent(done)}`);
};

export function Flash({ t }: { t: T }) {
  const done = new URLSearchParams(location.search).get('done');
  if (!done || !/^[a-z-]+$/.test(done)) return null;
  return (
    <p role="status" className="notice">
      {t(`editor.done.${done}`)}
    </p>
  );
}

export function Problems({ t, lang, problems }: { t: T; lang: string; problems: ProblemView[] }) {
  if (!problems.length) return null;
  const errors = problems.filter((p) => p.severity === 'error');
  const where = (p: ProblemView) =>
    p.form === 'campaign'
      ? t('editor.problems.settings')
      : p.form === 'claims'
        ? t('editor.problems.claims')
        : p.form === 'other'
          ? t('editor.problems.other')
          : t('editor.problems.page', { language: languageName(lang || 'en', p.form) });
  return (
    <section aria-labelledby="problems-heading" className="problems">
      <h2 id="problems-heading">
        {errors.length
          ? t('editor.problems.errors', { n: errors.length })
          : t('editor.problems.warnings', { n: problems.length })}
      </h2>
      {errors.length > 0 && <p>{t('editor.problems.draft')}</p>}
      <ul>
        {problems.map((p) => (
          <li key={`${p.form} ${p.field} ${p.code} ${p.message} ${p.say?.key}`}>
            <strong>
              {p.severity === 'error' ? t('editor.problems.error') : t('editor.problems.warning')}
            </strong>{' '}
            {where(p)} — {problemText(t, p)}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Why an action was refused, said in the page's alert region. */
export function alertRefusal(t: T, answer: { status: number; body: Record<string, unknown> }) {
  const region = document.getElementById('editor-alert');
  if (region) region.textContent = refusal(t, answer).text;
}
