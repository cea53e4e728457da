import { createHash, randomBytes } from 'node:crypto';
import type { Campaign } from '../campaign/schema/index.ts';
import type { Store } from '../metrics/store.ts';
import { isDashboardLanguage, type DashboardLanguage } from './language.ts';
import { hashPassword, needsRehash, SCRYPT, verifyPassword } from './password.ts';
import { queryMemberships, replaceMemberships, type MembershipRow } from '../metrics/queries/memberships.ts';
import {
  can,
  isOrganisationRole,
  summaryRole,
  type Membership,
  type OrganisationRole,
  type Permissions,
} from './roles.ts';

/** The role an account is given with: `admin` (a flag of the account), or one for its organisations. */
export type Role = 'admin' | OrganisationRole;

export interface User extends Permissions {
  id: number;
  email: string;
  /** Every organisation the account belongs to (those of `memberships`). */
  organisations: string[];
  /** Its highest role, to show beside its e-mail; what it may do is `can()`'s to say, per campaign. */
  role: Role;
  memberships: Membership[];
  /** The dashboard language the account chose (`en`, `fr`, `ar`); null: the browser's Accept-Language. */
  language: DashboardLanguage | null;
}

type UserRow = { id: number; email: string; role: string; language: string | null };
const toUser = (r: UserRow, rows: readonly MembershipRow[]): User => {
  const memberships = rows
    .filter((m) => m.user_id === Number(r.id))
    .map((m) => ({ organisation: m.organisation, role: isOrganisationRole(m.role) ? m.role : 'evaluator' }));
  const permissions = { admin: r.role === 'admin', memberships };
  return {
    id: Number(r.id),
    email: r.email,
    ...permissions,
    organisations: memberships.map((m) => m.organisation),
    role: summaryRole(permissions),
    language: isDashboardLanguage(r.language) ? r.language : null,
  };
};
const withMemberships = async (store: Store, r: UserRow) =>
  toUser(r, await queryMemberships(store, [Number(r.id)]));
const USER_COLUMNS = ['id', 'email', 'role', 'language'] as const;

/** The one form of an e-mail address that accounts, sign-in and its throttle use. */
export const normaliseEmail = (email: string) => email.normalize('NFKC').trim().toLowerCase();

export async function addUser(
  store: Store,
  email: string,
  password: string,
  organisations: string[],
  role: Role,
  language: DashboardLanguage | null = null,
): Promise<User> {
  const row = await store.db
    .insertInto('users')
    .values({
      email: normaliseEmail(email),
      role: role === 'admin' ? 'admin' : 'member',
      password_hash: await hashPassword(password),
      created_at: new Date().toISOString(),
      language,
    })
    .returning([...USER_COLUMNS])
    .executeTakeFirstOrThrow();
  // An admin given organisations is listed in them as a publisher (it may do everything anyway).
  const memberRole = role === 'admin' ? 'publisher' : role;
  await replaceMemberships(
    store,
    Number(row.id),
    [...new Set(organisations)].map((organisation) => ({ organisation, role: memberRole })),
  );
  return withMemberships(store, row);
}

/**
 * Gives an account `role` in each of `organisations` (replacing its role there, keeping its other
 * organisations). Returns the account, or undefined when there is no such e-mail.
 */
export async function setMembership(
  store: Store,
  email: string,
  organisations: readonly string[],
  role: OrganisationRole,
): Promise<User | undefined> {
  const row = await store.db
    .selectFrom('users')
    .select([...USER_COLUMNS])
    .where('email', '=', normaliseEmail(email))
    .executeTakeFirst();
  if (!row) return undefined;
  const kept = (await queryMemberships(store, [Number(row.id)])).filter(
    (m) => !organisations.includes(m.organisation),
  );
  await replaceMemberships(store, Number(row.id), [
    ...kept,
    ...organisations.map((organisation) => ({ organisation, role })),
  ]);
  return withMemberships(store, row);
}

/** Sets (or, with null, clears) the language an account reads the dashboards in. */
export async function setUserLanguage(
  store: Store,
  userId: number,
  language: DashboardLanguage | null,
): Promise<void> {
  await store.db.updateTable('users').set({ language }).where('id', '=', userId).execute();
}

export async function removeUser(store: Store, email: string): Promise<boolean> {
  const r = await store.db.deleteFrom('users').where('email', '=', normaliseEmail(email)).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function listUsers(store: Store): Promise<User[]> {
  const rows = await store.db
    .selectFrom('users')
    .select([...USER_COLUMNS])
    .orderBy('email')
    .execute();
  const memberships = await queryMemberships(
    store,
    rows.map((r) => Number(r.id)),
  );
  return rows.map((r) => toUser(r, memberships));
}

/**
 * The user for an e-mail and password, or undefined. Unknown e-mails cost the same time as wrong
 * passwords. A hash made with weaker parameters than today's is replaced on a successful sign-in.
 */
export async function authenticate(store: Store, email: string, password: string): Promise<User | undefined> {
  const row = await store.db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', normaliseEmail(email))
    .executeTakeFirst();
  const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
  if (!row || !ok) return undefined;
  if (needsRehash(row.password_hash))
    await store.db
      .updateTable('users')
      .set({ password_hash: await hashPassword(password) })
      .where('id', '=', row.id)
      .execute();
  return withMemberships(store, row);
}
// Same parameters as a real hash, so an unknown e-mail takes as long as a wrong password.
const DUMMY_HASH = `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$AAAAAAAAAAAAAAAAAAAAAA==$AAAA`;

const SESSION_HOURS = 12;
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new session; only the token's hash is stored, so a leaked database opens no session. */
export async function createSession(store: Store, user: User, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await store.db.deleteFrom('sessions').where('expires_at', '<', now.toISOString()).execute();
  await store.db
    .insertInto('sessions')
    .values({
      token_hash: tokenHash(token),
      user_id: user.id,
      expires_at: new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString(),
    })
    .execute();
  return token;
}

export async function sessionUser(store: Store, token: string, now = new Date()): Promise<User | undefined> {
  const row = await store.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.email', 'users.role', 'users.language', 'sessions.expires_at'])
    .where('sessions.token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row || row.expires_at < now.toISOString()) return undefined;
  return withMemberships(store, row);
}

export async function endSession(store: Store, token: string): Promise<void> {
  await store.db.deleteFrom('sessions').where('token_hash', '=', tokenHash(token)).execute();
}

/** Members of a campaign's organisation (any role) read its reports; admins read all. */
export function canSee(user: User, campaign: Campaign): boolean {
  return can(user, 'read-report', campaign);
}
