import type { Store } from '../store.ts';

const CHUNK = 400;

/** One survey response to store: its keyed respondent hash and its answers. */
export interface SurveyResponseInput {
  respondent: string;
  wave: string;
  arm: string;
  cluster: string;
  day: string;
  covariates: { age_band: string | null; gender: string | null; language: string | null };
  answers: { indicator: string; item: string; value: number; dont_know: number }[];
}

export interface SurveyReplaceResult {
  /** True when this exact file was imported before: nothing changed. */
  unchanged: boolean;
  importId: number;
  replaced: number;
  inserted: number;
  /** Submissions already stored from another tool's export of the same survey. */
  duplicates?: number;
}

/**
 * Stores a survey import as one transaction: the ledger row, then for every day the file covers, this
 * source's responses of that day are replaced by the file's; a response another source already holds
 * (same keyed respondent and wave) is not stored twice. The same file again (same hash) changes nothing.
 */
export async function replaceSurveyResponses(
  store: Store,
  r: {
    campaign: string;
    source: string;
    fileName: string;
    fileHash: string;
    rowsAccepted: number;
    rowsRejected: number;
    firstDay: string | null;
    lastDay: string | null;
    days: readonly string[];
    responses: readonly SurveyResponseInput[];
  },
): Promise<SurveyReplaceResult> {
  return store.db.transaction().execute(async (trx) => {
    const seen = await trx
      .selectFrom('imports')
      .select('id')
      .where('campaign', '=', r.campaign)
      .where('source', '=', r.source)
      .where('file_hash', '=', r.fileHash)
      .executeTakeFirst();
    if (seen) return { unchanged: true, importId: seen.id, replaced: 0, inserted: 0 };
    const ledger = await trx
      .insertInto('imports')
      .values({
        campaign: r.campaign,
        source: r.source,
        file_name: r.fileName,
        file_hash: r.fileHash,
        rows_accepted: r.rowsAccepted,
        rows_rejected: r.rowsRejected,
        first_day: r.firstDay,
        last_day: r.lastDay,
        imported_at: new Date().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    let replaced = 0;
    for (let i = 0; i < r.days.length; i += CHUNK) {
      const old = trx
        .selectFrom('survey_responses')
        .select('id')
        .where('campaign', '=', r.campaign)
        .where('source', '=', r.source)
        .where('day', 'in', r.days.slice(i, i + CHUNK));
      await trx.deleteFrom('survey_answers').where('response_id', 'in', old).execute();
      const deleted = await trx
        .deleteFrom('survey_responses')
        .where('campaign', '=', r.campaign)
        .where('source', '=', r.source)
        .where('day', 'in', r.days.slice(i, i + CHUNK))
        .executeTakeFirst();
      replaced += Number(deleted.numDeletedRows);
    }
    // The same form exported from the other tool (a Kobo and an ODK Central export of one survey)
    // holds the same submissions under the same keyed hashes: those are not stored a second time.
    const elsewhere = new Set(
      (
        await trx
          .selectFrom('survey_responses')
          .select(['respondent', 'wave', 'source'])
          .where('campaign', '=', r.campaign)
          .where('source', '<>', r.source)
          .execute()
      ).map((stored) => `${stored.respondent}|${stored.wave}`),
    );
    let duplicates = 0;
    for (const response of r.responses) {
      if (elsewhere.has(`${response.respondent}|${response.wave}`)) {
        duplicates++;
        continue;
      }
      const row = await trx
        .insertInto('survey_responses')
        .values({
          campaign: r.campaign,
          source: r.source,
          import_id: ledger.id,
          respondent: response.respondent,
          wave: response.wave,
          arm: response.arm,
          cluster: response.cluster,
          day: response.day,
          ...response.covariates,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (response.answers.length)
        await trx
          .insertInto('survey_answers')
          .values(response.answers.map((a) => ({ response_id: row.id, ...a })))
          .execute();
    }
    return {
      unchanged: false,
      importId: ledger.id,
      replaced,
      inserted: r.responses.length - duplicates,
      duplicates,
    };
  });
}
