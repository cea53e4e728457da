import type { Store } from '../store.ts';
import { USER_COLUMNS, type UserRow } from './insert-user.ts';

/** The account of a normalised e-mail, with its password hash (for sign-in); undefined if none. */
export async function findUser(
  store: Store,
  email: string,
): Promise<(UserRow & { password_hash: string }) | undefined> {
  return store.db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'password_hash'])
    .where('email', '=', email)
    .executeTakeFirst();
}
