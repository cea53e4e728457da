import type { Generated } from 'kysely';

/** Columns shared by facts and their per-day summary. */
interface FactRow {
  campaign: string;
  day: string;
  source: string;
  channel: string;
  audience: string;
  language: string;
  metric: string;
  value: number;
}

/** Table types for the query builder; the migrations create exactly these. */
export interface Database {
  facts: FactRow & { detail: string; import_id: number | null };
  /** facts summed over detail; maintained with facts. */
  facts_summary: FactRow;
  events: {
    id: Generated<number>;
    campaign: string;
    day: string;
    hour: number;
    type: string;
    language: string;
    channel: string;
    audience: string;
    target: string;
  };
  /**
   * Which readers each open day has seen, per group: the unique key de-duplicates them as events are
   * written. A day's rows are deleted once the day has ended (its counts are final in facts).
   */
  day_visitors: {
    campaign: string;
    day: string;
    channel: string;
    audience: string;
    language: string;
    visitor: string;
  };
  imports: {
    id: Generated<number>;
    campaign: string;
    source: string;
    file_name: string;
    file_hash: string;
    rows_accepted: number;
    rows_rejected: number;
    first_day: string | null;
    last_day: string | null;
    imported_at: string;
    /** Currency of the exported spend; null when the file had none or did not say. */
    currency: string | null;
    /** JSON [{from, rate}] the spend was converted with into the budget currency; null when not converted. */
    rates: string | null;
  };
  survey_responses: {
    id: Generated<number>;
    campaign: string;
    source: string;
    import_id: number | null;
    respondent: string;
    wave: string;
    arm: string;
    cluster: string;
    day: string;
    /** Age band such as "18-24" or "35+" (migration 017); '' unanswered; null when the campaign maps no age. */
    age_band: string | null;
    /** The gender question's choice name (migration 017); '' unanswered; null when not mapped. */
    gender: string | null;
    /** The language question's choice name (migration 017); '' unanswered; null when not mapped. */
    language: string | null;
  };
  users: {
    id: Generated<number>;
    email: string;
    /** 'admin' (every organisation, every action) or 'member' (what its memberships allow). */
    role: string;
    password_hash: string;
    created_at: string;
    /** Dashboard language chosen for the account (`en`, `fr`, `ar`); null: negotiated from the browser. */
    language: string | null;
  };
  sessions: { token_hash: string; user_id: number; expires_at: string };
  /** An account's role in one organisation (migration 015): evaluator, author, reviewer or publisher. */
  memberships: { user_id: number; organisation: string; role: string };
  /** Anonymous reports of suspicious offers (migration 010); deleted after the retention period. */
  offer_reports: {
    id: Generated<number>;
    campaign: string;
    language: string;
    kind: string;
    platform: string;
    /** '' when the reader gave none. */
    link: string;
    text: string;
    /** The UTC day it was received; no time of day. */
    day: string;
    /** The burst it came in (a random id, migration 011), or null. */
    burst: string | null;
    /** 1 when a reviewer set it aside (hidden from the default list), else 0. */
    set_aside: Generated<number>;
  };
  survey_answers: {
    response_id: number;
    indicator: string;
    item: string;
    value: number;
    /** 1 when the answer means "don't know" (the item's `dontKnow`, migration 017); scored as `value` says. */
    dont_know: Generated<number>;
  };
  /**
   * A tipline conversation of an open day (migration 015): the chat as a keyed hash of that day, never its
   * id; only the campaign, language, step and start code. Deleted once the day has ended.
   */
  tipline_conversations: {
    platform: string;
    day: string;
    chat: string;
    campaign: string;
    language: string;
    step: string;
    code: string;
  };
  /** Updates already taken (hashed update ids), so a platform's retry is not counted twice; per day. */
  tipline_updates: {
    platform: string;
    day: string;
    update_key: string;
  };
}
