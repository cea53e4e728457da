import { resolve } from 'node:path';
import type { Campaign } from '../core/campaign/index.ts';
import { loadCampaigns } from '../core/workspace/index.ts';
import { UsageError } from './args.ts';

/** The campaign named on the command line, loaded and validated from the campaigns folder. */
export function campaignArg(
  id: string | undefined,
  root = process.env['COUNTERPOINT_CAMPAIGNS'] ?? 'campaigns',
): Campaign {
  const { campaigns, problems } = loadCampaigns(resolve(root));
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
  return found.campaign;
}
