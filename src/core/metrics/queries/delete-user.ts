import type { Store } from '../store.ts';

/** Removes the account of a normalised e-mail; true if there was one. */
export async function deleteUser(store: Store, email: string): Promise<boolean> {
  const r = await store.db.deleteFrom('users').where('email', '=', email).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
