import type { Store } from '../store.ts';

/** Replaces an account's password hash (made again with today's parameters). */
export async function updatePasswordHash(store: Store, userId: number, passwordHash: string): Promise<void> {
  await store.db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}
