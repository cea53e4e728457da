import { type AppContext, appContext, createAppContext } from '../app/context.ts';
import type { Campaign, LoadedCampaign } from '../core/campaign/index.ts';
import { UsageError } from './args.ts';

/** The campaign named on the command line, loaded and validated from the campaigns folder. */
export function campaignArg(id: string | undefined, root?: string): Campaign {
  return loadedCampaignArg(id, root === undefined ? appContext() : createAppContext({ campaignsRoot: root }))
    .campaign;
}

/** The campaign named on the command line, as the application context loaded it (read once). */
export function loadedCampaignArg(id: string | undefined, app: AppContext): LoadedCampaign {
  const root = app.campaignsRoot;
  const {
    result: { campaigns },
    problems,
  } = app.check();
  const known = campaigns.map((c) => c.campaign.id);
  if (!id) throw new UsageError(`name a campaign: one of ${known.join(', ') || `(none found in ${root})`}`);
  const found = campaigns.find((c) => c.campaign.id === id);
  if (!found) {
    const broken = problems.some((p) => p.file.includes(`/${id}/`) && p.severity === 'error');
    throw new UsageError(
      broken
        ? `campaign "${id}" has errors; run counterpoint validate`
        : `no campaign "${id}" in ${root}/; known: ${known.join(', ')}`,
    );
  }
  return found;
}
