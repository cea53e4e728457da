import type { Store } from '../store.ts';

/** Sets (or, with null, clears) an account's dashboard language. */
export async function updateUserLanguage(
  store: Store,
  userId: number,
  language: string | null,
): Promise<void> {
  await store.db.updateTable('users').set({ language }).where('id', '=', userId).execute();
}
