import type { Store } from '../store.ts';

export interface SurveyCovariateRow {
  response_id: number;
  wave: string;
  arm: string;
  cluster: string;
  /** Age band ("18-24", "35+"); '' unanswered; null when the campaign maps no age (or imported before 017). */
  age_band: string | null;
  gender: string | null;
  language: string | null;
}

/** Each survey respondent of a campaign with wave, arm, cluster and the covariates kept on import. */
export async function querySurveyCovariates(store: Store, campaign: string): Promise<SurveyCovariateRow[]> {
  return store.db
    .selectFrom('survey_responses')
    .select(['id as response_id', 'wave', 'arm', 'cluster', 'age_band', 'gender', 'language'])
    .where('campaign', '=', campaign)
    .orderBy('id')
    .execute();
}
