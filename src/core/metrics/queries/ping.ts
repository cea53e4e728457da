import { sql } from 'kysely';
import type { Store } from '../store.ts';

/** The cheapest statement the store answers: resolves if it is reachable, rejects if not. */
export async function pingStore(store: Store): Promise<void> {
  await sql`select 1`.execute(store.db);
}
