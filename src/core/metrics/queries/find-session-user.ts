import type { Store } from '../store.ts';
import type { UserRow } from './insert-user.ts';

/** The account of a session's token hash, with when the session expires; undefined if none. */
export async function findSessionUser(
  store: Store,
  tokenHash: string,
): Promise<(UserRow & { expires_at: string }) | undefined> {
  return store.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.email', 'users.role', 'users.language', 'sessions.expires_at'])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
}
