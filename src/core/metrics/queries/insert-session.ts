import type { Store } from '../store.ts';

/** Stores a new session (its token's hash only), first dropping the sessions expired by `now`. */
export async function insertSession(
  store: Store,
  session: { tokenHash: string; userId: number; expiresAt: string },
  now: string,
): Promise<void> {
  await store.db.deleteFrom('sessions').where('expires_at', '<', now).execute();
  await store.db
    .insertInto('sessions')
    .values({ token_hash: session.tokenHash, user_id: session.userId, expires_at: session.expiresAt })
    .execute();
}
