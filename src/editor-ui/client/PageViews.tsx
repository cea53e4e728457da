import { useState } from 'react';
import type { PageScreen, PageTexts } from '../data.ts';
import { api } from './api.ts';
import { alertRefusal, base, Flash, languageName, Problems, reloadWith, type T } from './common.tsx';
import { markedUpToDate, pageText } from './form-data.ts';
import { PageForm } from './Forms.tsx';
import { refusal } from './refusal.ts';

export function Page({ t, lang, screen }: { t: T; lang: string; screen: PageScreen }) {
  const [problems, setProblems] = useState(screen.problems);
  const [busy, setBusy] = useState(false);
  const name = languageName(lang, screen.lang);
  const save = async (page: PageTexts) => {
    setBusy(true);
    const answer = await api(`campaigns/${screen.id}`, {
      files: { [`${screen.lang}.md`]: pageText(screen.frontmatter, page) },
    });
    setBusy(false);
    if (answer.status === 200) return reloadWith(answer.body['valid'] ? 'saved' : 'draft');
    const why = refusal(t, answer);
    setProblems([
      ...problems,
      {
        severity: 'error',
        form: screen.lang,
        field: '',
        code: 'E_SAVE',
        say: { key: 'editor.save.said', values: { reason: why.text } },
        message: '',
      },
    ]);
  };
  return (
    <>
      <p>
        <a href={`${base}${screen.id}/`}>{t('editor.page.back', { campaign: screen.title })}</a>
        {' · '}
        <a className="button" href={`${base}${screen.id}/${screen.lang}/preview/`}>
          {t('editor.languages.preview', { language: name })}
        </a>
        {screen.source && (
          <>
            {' · '}
            <a href={`${base}${screen.id}/${screen.lang}/translate/`}>
              {t('editor.languages.translate', { language: name })}
            </a>
          </>
        )}
      </p>
      <Flash t={t} />
      <Problems t={t} lang={lang} problems={problems} />
      {screen.may.edit ? (
        <PageForm t={t} screen={screen} problems={problems} busy={busy} onSave={save} />
      ) : (
        <p>{t('editor.page.readOnly')}</p>
      )}
    </>
  );
}

export function Translate({ t, lang, screen }: { t: T; lang: string; screen: PageScreen }) {
  const source = screen.source;
  const order = [...(source?.units.map((u) => u.id) ?? [])];
  for (const u of screen.units) if (!order.includes(u.id)) order.push(u.id);
  const [texts, setTexts] = useState<Record<string, string>>(
    Object.fromEntries(screen.units.map((u) => [u.id, u.text])),
  );
  const [busy, setBusy] = useState(false);
  const [upToDate, setUpToDate] = useState(false);
  const stale = new Set(screen.units.filter((u) => u.stale).map((u) => u.id));
  const translated = new Set(screen.units.map((u) => u.id));
  const unitLabel = (id: string) => {
    const [kind, n] = id.split('.');
    if (kind === 'facts') return t('editor.unit.fact', { n: Number(n) + 1 });
    if (kind === 'sections')
      return t('editor.unit.section', { section: t(`editor.section.${n}`, { defaultValue: n }) });
    return t(`editor.field.${kind}`);
  };
  const save = async () => {
    const v = (id: string) => (texts[id] ?? '').trim();
    const facts = order
      .filter((id) => id.startsWith('facts.'))
      .map(v)
      .filter(Boolean);
    const body = order
      .filter((id) => id === 'intro' || id.startsWith('sections.'))
      .map(v)
      .filter(Boolean)
      .join('\n\n');
    const page = { headline: v('headline'), summary: v('summary'), share: v('share'), facts, body };
    const frontmatter =
      upToDate && source
        ? markedUpToDate(screen.frontmatter, source, (id) => !!v(id), new Date().toISOString().slice(0, 10))
        : screen.frontmatter;
    setBusy(true);
    const answer = await api(`campaigns/${screen.id}`, {
      files: { [`${screen.lang}.md`]: pageText(frontmatter, page) },
    });
    setBusy(false);
    if (answer.status === 200) return reloadWith(answer.body['valid'] ? 'saved' : 'draft');
    alertRefusal(t, answer);
  };
  const name = languageName(lang, screen.lang);
  return (
    <>
      <p>
        <a href={`${base}${screen.id}/`}>{t('editor.page.back', { campaign: screen.title })}</a>
      </p>
      <Flash t={t} />
      {!source ? (
        <p>{t('editor.translate.noSource')}</p>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <p>{t('editor.translate.intro', { source: languageName(lang, source.lang), language: name })}</p>
          <table className="units">
            <thead>
              <tr>
                <th scope="col">{t('editor.translate.part')}</th>
                <th scope="col">{languageName(lang, source.lang)}</th>
                <th scope="col">{name}</th>
              </tr>
            </thead>
            <tbody>
              {order.map((id) => {
                const src = source.units.find((u) => u.id === id);
                const mark = stale.has(id) || !translated.has(id);
                return (
                  <tr key={id} className={mark ? 'stale' : undefined} data-unit={id}>
                    <th scope="row">
                      {unitLabel(id)}
                      {mark && (
                        <>
                          <br />
                          <strong className="stale-mark">
                            {translated.has(id) ? t('editor.translate.stale') : t('editor.translate.new')}
                          </strong>
                        </>
                      )}
                    </th>
                    <td lang={source.lang} dir={source.dir} className="source">
                      {src?.text ?? ''}
                    </td>
                    <td>
                      <label className="visually-hidden" htmlFor={`unit-${id}`}>
                        {t('editor.translate.label', { part: unitLabel(id), language: name })}
                      </label>
                      <textarea
                        id={`unit-${id}`}
                        lang={screen.lang}
                        dir={screen.dir}
                        rows={Math.min(12, Math.max(2, Math.ceil((src?.text.length ?? 40) / 60)))}
                        value={texts[id] ?? ''}
                        disabled={!screen.may.edit}
                        onChange={(e) => setTexts({ ...texts, [id]: e.target.value })}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {screen.may.edit && (
            <>
              <p>
                <label>
                  <input type="checkbox" checked={upToDate} onChange={(e) => setUpToDate(e.target.checked)} />{' '}
                  {t('editor.translate.upToDate', { source: languageName(lang, source.lang) })}
                </label>
              </p>
              <button type="submit" disabled={busy}>
                {t('editor.translate.save')}
              </button>
            </>
          )}
        </form>
      )}
    </>
  );
}
