import type { Store } from '../store.ts';

/** Ends the session of a token hash. */
export async function deleteSession(store: Store, tokenHash: string): Promise<void> {
  await store.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}
