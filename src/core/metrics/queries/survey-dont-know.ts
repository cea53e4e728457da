import type { Store } from '../store.ts';

export interface DontKnowAnswerRow {
  response_id: number;
  indicator: string;
  item: string;
}

/** The survey answers of a campaign that mean "don't know" (marked on import, migration 017). */
export async function queryDontKnowAnswers(store: Store, campaign: string): Promise<DontKnowAnswerRow[]> {
  return store.db
    .selectFrom('survey_answers')
    .innerJoin('survey_responses', 'survey_responses.id', 'survey_answers.response_id')
    .select(['survey_answers.response_id', 'survey_answers.indicator', 'survey_answers.item'])
    .where('survey_responses.campaign', '=', campaign)
    .where('survey_answers.dont_know', '=', 1)
    .orderBy('survey_answers.response_id')
    .execute();
}
