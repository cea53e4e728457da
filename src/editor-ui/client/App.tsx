import { useMemo, useState } from 'react';
import type { CampaignListItem, CampaignScreen, PageScreen, ProblemView } from '../data.ts';
import { api } from './api.ts';
import { CampaignView } from './CampaignView.tsx';
import { base, type Boot, Problems, type T } from './common.tsx';
import { CampaignForm } from './Forms.tsx';
import { Page, Translate } from './PageViews.tsx';
import { refusal } from './refusal.ts';

export function App({ boot, t }: { boot: Boot; t: T }) {
  switch (boot.view) {
    case 'list':
      return <CampaignList t={t} data={boot.data as ListData} />;
    case 'new':
      return <NewCampaign t={t} organisations={(boot.data as { organisations: string[] }).organisations} />;
    case 'campaign':
      return <CampaignView t={t} lang={boot.lang} screen={boot.data as CampaignScreen} />;
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
