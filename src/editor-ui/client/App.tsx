import { useMemo, useState } from 'react';
import type { Problem } from '../../core/campaign/errors.ts';
import type { CampaignListItem, CampaignScreen, PageScreen, PageTexts, ProblemView } from '../data.ts';
import { problemText, viewOf } from '../problem-text.ts';
import { api } from './api.ts';
import { refusal } from './refusal.ts';
import { CampaignForm, PageForm } from './Forms.tsx';
import { pageText } from './form-data.ts';

export type T = (key: string, options?: Record<string, unknown>) => string;

export interface Boot {
  view: 'list' | 'new' | 'campaign' | 'page' | 'translate';
  lang: string;
  user: string;
  strings: Record<string, string>;
  data: unknown;
}

const base = '/dashboard/editor/';

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

function Flash({ t }: { t: T }) {
  const done = new URLSearchParams(location.search).get('done');
  if (!done || !/^[a-z-]+$/.test(done)) return null;
  return (
    <p role="status" className="notice">
      {t(`editor.done.${done}`)}
    </p>
  );
}

export function App({ boot, t }: { boot: Boot; t: T }) {
  switch (boot.view) {
    case 'list':
      return <CampaignList t={t} data={boot.data as ListData} />;
    case 'new':
      return <NewCampaign t={t} organisations={(boot.data as { organisations: string[] }).organisations} />;
    case 'campaign':
      return <Campaign t={t} lang={boot.lang} screen={boot.data as CampaignScreen} />;
    case 'page':
      return <Page t={t} lang={boot.lang} screen={boot.data as PageScreen} />;
    case 'translate':
      return <Translate t={t} lang={boot.lang} screen={boot.data as PageScreen} />;
    default:
      return null;
  }
}

interface ListData {
  campaigns: CampaignListItem[];
  canCreate: boolean;
  mayPublish: boolean;
}

function CampaignList({ t, data }: { t: T; data: ListData }) {
  return (
    <>
      {data.canCreate && (
        <p>
          <a className="button" href={`${base}new/`}>
            {t('editor.list.new')}
          </a>
        </p>
      )}
      {data.campaigns.length === 0 ? (
        <p>{t('editor.list.empty')}</p>
      ) : (
        <table>
          <caption>{t('editor.list.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('editor.list.campaign')}</th>
              <th scope="col">{t('editor.list.organisation')}</th>
            </tr>
          </thead>
          <tbody>
            {data.campaigns.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <a href={`${base}${c.id}/`}>{c.title}</a>
                </th>
                <td>{c.owner}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function NewCampaign({ t, organisations }: { t: T; organisations: string[] }) {
  const [problems, setProblems] = useState<ProblemView[]>([]);
  const [busy, setBusy] = useState(false);
  const initial = useMemo(() => ({ owner: { id: organisations[0] } }), [organisations]);
  const save = async (yaml: string, data: Record<string, unknown>) => {
    const id = typeof data['id'] === 'string' ? data['id'] : '';
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) {
      setProblems([
        {
          severity: 'error',
          form: 'campaign',
          field: 'id',
          code: 'E_SAVE_ID',
          say: { key: 'editor.save.badId' },
          message: '',
        },
      ]);
      return;
    }
    setBusy(true);
    const answer = await api(`campaigns/${id}`, { files: { 'campaign.yaml': yaml } });
    setBusy(false);
    if (answer.status === 201) return location.assign(`${base}${id}/?done=created`);
    const why = refusal(t, answer);
    setProblems([
      {
        severity: 'error',
        form: 'campaign',
        field: why.field === 'campaign.yaml' ? '' : why.field,
        code: 'E_SAVE',
        say: { key: 'editor.save.said', values: { reason: why.text } },
        message: '',
      },
    ]);
  };
  return (
    <>
      <p>{t('editor.new.intro')}</p>
      <Problems t={t} lang="" problems={problems} />
      <CampaignForm
        t={t}
        initial={initial}
        problems={problems}
        busy={busy}
        onSave={save}
        submitLabel={t('editor.new.create')}
      />
    </>
  );
}

function Problems({ t, lang, problems }: { t: T; lang: string; problems: ProblemView[] }) {
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

function Campaign({ t, lang, screen }: { t: T; lang: string; screen: CampaignScreen }) {
  const [problems, setProblems] = useState(screen.problems);
  const [busy, setBusy] = useState(false);
  const [publishing, setPublishing] = useState<Record<string, unknown> | undefined>();
  const settingsProblems = problems.filter((p) => p.form === 'campaign');
  const [showSettings, setShowSettings] = useState(settingsProblems.some((p) => p.field));
  const save = async (yaml: string) => {
    setBusy(true);
    const answer = await api(`campaigns/${screen.id}`, { files: { 'campaign.yaml': yaml } });
    setBusy(false);
    if (answer.status === 200) return reloadWith(answer.body['valid'] ? 'saved' : 'draft');
    const why = refusal(t, answer);
    setProblems([
      ...problems,
      {
        severity: 'error',
        form: 'campaign',
        field: why.field,
        code: 'E_SAVE',
        say: { key: 'editor.save.said', values: { reason: why.text } },
        message: '',
      },
    ]);
  };
  const act = async (path: string, body: unknown, done: string) => {
    setBusy(true);
    const answer = await api(path, body);
    setBusy(false);
    if (answer.status === 200 || answer.status === 201) return reloadWith(done);
    alertRefusal(t, answer);
  };
  const createPage = (l: string) => {
    const source = screen.languages.find((x) => x.source && x.state !== 'missing');
    const text = pageText(
      source && source.lang !== l ? { translatedFrom: { language: source.lang } } : {},
      {},
    );
    void (async () => {
      setBusy(true);
      const answer = await api(`campaigns/${screen.id}`, { files: { [`${l}.md`]: text } });
      setBusy(false);
      if (answer.status === 200) location.assign(`${base}${screen.id}/${l}/?done=page-created`);
      else alertRefusal(t, answer);
    })();
  };
  const publish = async () => {
    setBusy(true);
    const answer = await api('publish', {});
    setBusy(false);
    setPublishing({ status: answer.status, ...answer.body });
  };
  return (
    <>
      <Flash t={t} />
      <Problems t={t} lang={lang} problems={problems} />
      <section aria-labelledby="languages-heading">
        <h2 id="languages-heading">{t('editor.languages.title')}</h2>
        {screen.languages.length === 0 ? (
          <p>{t('editor.languages.none')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('editor.languages.language')}</th>
                <th scope="col">{t('editor.languages.state')}</th>
                <th scope="col">{t('editor.languages.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {screen.languages.map((l) => {
                const name = languageName(lang, l.lang);
                return (
                  <tr key={l.lang} data-language={l.lang}>
                    <th scope="row">
                      {name}
                      {l.source && <> ({t('editor.languages.source')})</>}
                    </th>
                    <td>
                      {t(`editor.state.${l.state}`)}
                      {l.state === 'stale' && (
                        <> — {t('editor.languages.staleUnits', { n: l.staleUnits.length })}</>
                      )}
                    </td>
                    <td className="actions">
                      {l.state === 'missing' ? (
                        screen.may.edit && (
                          <button type="button" disabled={busy} onClick={() => createPage(l.lang)}>
                            {t('editor.languages.create', { language: name })}
                          </button>
                        )
                      ) : (
                        <>
                          <a href={`${base}${screen.id}/${l.lang}/`}>
                            {t('editor.languages.edit', { language: name })}
                          </a>
                          {l.from && (
                            <a href={`${base}${screen.id}/${l.lang}/translate/`}>
                              {t('editor.languages.translate', { language: name })}
                            </a>
                          )}
                          <a className="button" href={`${base}${screen.id}/${l.lang}/preview/`}>
                            {t('editor.languages.preview', { language: name })}
                          </a>
                          {screen.may.review && l.state !== 'reviewed' && (
                            <button
                              type="button"
                              disabled={busy}
                              onClick={() =>
                                void act(`campaigns/${screen.id}/review`, { language: l.lang }, 'reviewed')
                              }
                            >
                              {t('editor.languages.review', { language: name })}
                            </button>
                          )}
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      {screen.may.publish && (
        <section aria-labelledby="publish-heading">
          <h2 id="publish-heading">{t('editor.publish.title')}</h2>
          <p>{t('editor.publish.intro')}</p>
          {screen.settings['status'] !== 'active' && screen.settings['status'] !== 'ended' && (
            <p className="warning">{t('editor.publish.draftStatus')}</p>
          )}
          {screen.languages.some((l) => l.state !== 'reviewed' && l.state !== 'missing') && (
            <p className="warning">
              {t('editor.publish.notReviewed', {
                languages: screen.languages
                  .filter((l) => l.state !== 'reviewed' && l.state !== 'missing')
                  .map((l) => languageName(lang, l.lang))
                  .join(', '),
              })}
            </p>
          )}
          <button type="button" disabled={busy} onClick={() => void publish()}>
            {busy && publishing === undefined ? t('editor.publish.running') : t('editor.publish.button')}
          </button>
          {publishing && <PublishResult t={t} lang={lang} result={publishing} />}
        </section>
      )}
      {screen.may.edit || screen.may.publish ? (
        // The settings are long: drawn when opened (at once when they have a problem to show).
        <section aria-labelledby="settings-heading">
          <details open={showSettings} onToggle={(e) => setShowSettings(e.currentTarget.open)}>
            <summary>
              <h2 id="settings-heading">{t('editor.settings.title')}</h2>
            </summary>
            {showSettings && (
              <CampaignForm
                t={t}
                lockId
                initial={screen.settings}
                problems={settingsProblems}
                busy={busy}
                onSave={save}
                submitLabel={t('editor.settings.save')}
              />
            )}
          </details>
        </section>
      ) : null}
      <section aria-labelledby="claims-heading">
        <h2 id="claims-heading">{t('editor.claims.title')}</h2>
        <p>
          <a href={`/dashboard/${screen.id}/claims/`}>{t('editor.claims.open')}</a>
        </p>
        {screen.claims.length === 0 ? (
          <p>{t('editor.claims.none')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('editor.claims.seen')}</th>
                <th scope="col">{t('editor.claims.where')}</th>
                <th scope="col">{t('editor.claims.claim')}</th>
                <th scope="col">{t('editor.claims.answered')}</th>
              </tr>
            </thead>
            <tbody>
              {screen.claims.map((c) => (
                <tr key={c.id}>
                  <td>{c.seen}</td>
                  <td>{t(`editor.choice.${c.where}`, { defaultValue: c.where })}</td>
                  <td lang={c.language}>{c.claim}</td>
                  <td>{c.answered ? t('editor.claims.yes') : t('editor.claims.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <History
        t={t}
        lang={lang}
        screen={screen}
        busy={busy}
        onRestore={(v) => void act(`campaigns/${screen.id}/restore`, { version: v }, 'restored')}
      />
    </>
  );
}

function alertRefusal(t: T, answer: { status: number; body: Record<string, unknown> }) {
  const region = document.getElementById('editor-alert');
  if (region) region.textContent = refusal(t, answer).text;
}

function PublishResult({ t, lang, result }: { t: T; lang: string; result: Record<string, unknown> }) {
  const ok = result['ok'] === true;
  const problems = ((result['problems'] as Problem[] | undefined) ?? []).map(viewOf);
  const unreviewed = (result['unreviewed'] as { campaign: string; language: string }[] | undefined) ?? [];
  const reason = (result['reason'] as string | undefined) ?? 'failed';
  return (
    <div role="status" className={ok ? 'notice' : 'problems'}>
      <p>
        {ok
          ? t('editor.publish.done', { n: ((result['published'] as string[] | undefined) ?? []).length })
          : t(
              `editor.publish.refused.${['problems', 'build', 'forbidden', 'busy'].includes(reason) ? reason : 'failed'}`,
            )}
      </p>
      {unreviewed.length > 0 && (
        <p>
          {t('editor.publish.unreviewed', {
            pages: unreviewed.map((u) => `${u.campaign} (${languageName(lang, u.language)})`).join(', '),
          })}
        </p>
      )}
      {problems.length > 0 && (
        <ul>
          {[...new Set(problems.filter((p) => p.severity === 'error').map((p) => problemText(t, p)))].map(
            (text) => (
              <li key={text}>{text}</li>
            ),
          )}
        </ul>
      )}
      {!ok && typeof result['message'] === 'string' && (
        <details>
          <summary>{t('editor.publish.details')}</summary>
          <pre lang="en">{result['message']}</pre>
        </details>
      )}
    </div>
  );
}

function History({
  t,
  lang,
  screen,
  busy,
  onRestore,
}: {
  t: T;
  lang: string;
  screen: CampaignScreen;
  busy: boolean;
  onRestore: (version: string) => void;
}) {
  const when = (iso: string) =>
    new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  // Saves, restores and publishes in one list, newest first: who did what, when.
  type Row = { key: string; at: string; who: string | null; what: string; version?: string };
  const rows: Row[] = [
    ...screen.history.versions.map((v) => ({
      key: v.id,
      at: v.at,
      who: v.account,
      what: describeVersion(t, lang, v.action, v.message),
      version: v.id,
    })),
    ...screen.history.publishes.map((p) => ({
      key: `publish ${p.at}`,
      at: p.at,
      who: p.account,
      what: t('editor.history.action.publish'),
    })),
  ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const latest = rows.find((r) => r.version)?.version;
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{t('editor.history.title')}</h2>
      {rows.length === 0 ? (
        <p>{t('editor.history.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('editor.history.when')}</th>
              <th scope="col">{t('editor.history.who')}</th>
              <th scope="col">{t('editor.history.what')}</th>
              <th scope="col">{t('editor.history.restore')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <td>{when(r.at)}</td>
                <td>{r.who ?? t('editor.history.before')}</td>
                <td>{r.what}</td>
                <td>
                  {r.version && r.version !== latest && screen.may.edit && (
                    <button type="button" disabled={busy} onClick={() => onRestore(r.version!)}>
                      {t('editor.history.restoreThis', { when: when(r.at) })}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * What a version was, in the editor's language: its kind, and what its recorded note says (a language
 * marked reviewed, a save kept as a draft); the note's English words and the campaign id are not shown.
 */
function describeVersion(t: T, lang: string, action: string, message: string): string {
  const parts = [t(`editor.history.action.${action}`)];
  const reviewed = /\(([a-zA-Z-]+) reviewed/.exec(message)?.[1];
  if (reviewed) parts.push(t('editor.history.reviewed', { language: languageName(lang, reviewed) }));
  if (/kept as a draft/.test(message)) parts.push(t('editor.history.draft'));
  return parts.join(' — ');
}

function Page({ t, lang, screen }: { t: T; lang: string; screen: PageScreen }) {
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

function Translate({ t, lang, screen }: { t: T; lang: string; screen: PageScreen }) {
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
    // "Matches the original now": the fingerprints of the original's parts this page translates, the
    // record `counterpoint translations --mark` keeps (the stale marks are worked out from it).
    const frontmatter =
      upToDate && source
        ? {
            ...screen.frontmatter,
            translatedFrom: {
              language: source.lang,
              on: new Date().toISOString().slice(0, 10),
              units: Object.fromEntries(source.units.filter((u) => v(u.id)).map((u) => [u.id, u.hash])),
            },
          }
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
