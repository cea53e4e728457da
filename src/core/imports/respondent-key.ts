import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The key for respondent hashes: COUNTERPOINT_HASH_KEY, else a random key created once in
 * data/respondent.key (outside the database, so a leaked database cannot be joined back to the
 * survey tool's ids). The same key keeps re-imports idempotent.
 */
export function respondentKey(
  env: Record<string, string | undefined> = process.env,
  file = 'data/respondent.key',
): string {
  if (env['COUNTERPOINT_HASH_KEY']) return env['COUNTERPOINT_HASH_KEY'];
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

/** Keyed hash of a respondent id: stable for one key, not reversible, not guessable without it. */
export function hashRespondent(key: string, campaign: string, id: string): string {
  return createHmac('sha256', key).update(`${campaign}\u0000${id}`).digest('hex').slice(0, 32);
}
