import type { Store } from '../store.ts';

export interface SurveyAnswerRow {
  response_id: number;
  wave: string;
  arm: string;
  cluster: string;
  indicator: string;
  item: string;
  value: number;
}

/** Every survey answer of a campaign with its respondent's wave, arm and cluster. */
export async function querySurveyAnswers(store: Store, campaign: string): Promise<SurveyAnswerRow[]> {
  const rows = await store.db
    .selectFrom('survey_answers')
    .innerJoin('survey_responses', 'survey_responses.id', 'survey_answers.response_id')
    .select([
      'survey_answers.response_id',
      'survey_responses.wave',
      'survey_responses.arm',
      'survey_responses.cluster',
      'survey_answers.indicator',
      'survey_answers.item',
      'survey_answers.value',
    ])
    .where('survey_responses.campaign', '=', campaign)
    .orderBy('survey_answers.response_id')
    .execute();
  return rows.map((r) => ({ ...r, value: Number(r.value) }));
}

/** Number of respondents per campaign (with consent; rows without were never stored). */
export async function countRespondents(store: Store, campaign: string, wave?: string): Promise<number> {
  let q = store.db
    .selectFrom('survey_responses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('campaign', '=', campaign);
  if (wave) q = q.where('wave', '=', wave);
  const r = await q.executeTakeFirst();
  return Number(r?.n ?? 0);
}
