import { useState } from 'react';
import type { Problem } from '../../core/campaign/errors.ts';
import type { CampaignScreen } from '../data.ts';
import { problemText, viewOf } from '../problem-text.ts';
import { api } from './api.ts';
import { alertRefusal, base, Flash, languageName, Problems, reloadWith, type T } from './common.tsx';
import { pageText } from './form-data.ts';
import { CampaignForm } from './Forms.tsx';
import { refusal } from './refusal.ts';

/** A verdict's sign beside its word (the word is what a screen reader says). */
const MARK = { pass: '✓', warn: '!', fail: '✗' } as const;

export function CampaignView({ t, lang, screen }: { t: T; lang: string; screen: CampaignScreen }) {
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
      <section aria-labelledby="rules-heading">
        <h2 id="rules-heading">{t('editor.rules.title')}</h2>
        {screen.scorecard ? (
          <table>
            <caption>{t('editor.rules.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('editor.rules.rule')}</th>
                <th scope="col">{t('editor.rules.verdict')}</th>
                <th scope="col">{t('editor.rules.why')}</th>
              </tr>
            </thead>
            <tbody>
              {screen.scorecard.map((r) => (
                <tr key={r.rule} data-rule={r.rule} data-verdict={r.verdict}>
                  <th scope="row">
                    {r.rule}. {r.name}
                  </th>
                  <td className={r.verdict === 'pass' ? 'verdict' : 'verdict warning'}>
                    <span aria-hidden="true">{MARK[r.verdict]} </span>
                    {r.verdictText}
                  </td>
                  <td>{r.why}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t('editor.rules.unavailable')}</p>
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
