import type { Store } from '../store.ts';

export interface MembershipRow {
  user_id: number;
  organisation: string;
  role: string;
}

/** The memberships (organisation and role) of the given accounts, by organisation id. */
export async function queryMemberships(store: Store, userIds: readonly number[]): Promise<MembershipRow[]> {
  if (!userIds.length) return [];
  const rows = await store.db
    .selectFrom('memberships')
    .select(['user_id', 'organisation', 'role'])
    .where('user_id', 'in', [...userIds])
    .orderBy('organisation')
    .execute();
  return rows.map((r) => ({ ...r, user_id: Number(r.user_id) }));
}

/** Replaces an account's memberships with these (one role per organisation). */
export async function replaceMemberships(
  store: Store,
  userId: number,
  memberships: readonly { organisation: string; role: string }[],
): Promise<void> {
  await store.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('memberships').where('user_id', '=', userId).execute();
    if (memberships.length)
      await tx
        .insertInto('memberships')
        .values(memberships.map((m) => ({ user_id: userId, organisation: m.organisation, role: m.role })))
        .execute();
  });
}
