import type { Store } from '../metrics/store.ts';

/**
 * Endline respondents already in the store for a campaign. A pre-analysis plan is only worth its name
 * when written before the endline exists, so `counterpoint plan` refuses to write one after (unless forced).
 */
export async function countEndlineRespondents(store: Store, campaign: string): Promise<number> {
  const r = await store.db
    .selectFrom('survey_responses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('campaign', '=', campaign)
    .where('wave', '=', 'endline')
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
