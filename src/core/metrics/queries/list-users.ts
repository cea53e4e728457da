import type { Store } from '../store.ts';
import { USER_COLUMNS, type UserRow } from './insert-user.ts';

/** Every account, by e-mail. */
export async function listUserRows(store: Store): Promise<UserRow[]> {
  return store.db
    .selectFrom('users')
    .select([...USER_COLUMNS])
    .orderBy('email')
    .execute();
}
