import { createHash, randomBytes } from 'node:crypto';
import type { Campaign } from '../campaign/schema/index.ts';
import type { Store } from '../metrics/store.ts';
import { isDashboardLanguage, type DashboardLanguage } from './language.ts';
import { hashPassword, needsRehash, SCRYPT, verifyPassword } from './password.ts';
import { queryMemberships, replaceMemberships, type MembershipRow } from '../metrics/queries/memberships.ts';
import { deleteSession } from '../metrics/queries/delete-session.ts';
import { deleteUser } from '../metrics/queries/delete-user.ts';
import { findSessionUser } from '../metrics/queries/find-session-user.ts';
import { findUser } from '../metrics/queries/find-user.ts';
import { insertSession } from '../metrics/queries/insert-session.ts';
import { insertUser, type UserRow } from '../metrics/queries/insert-user.ts';
import { listUserRows } from '../metrics/queries/list-users.ts';
import { updatePasswordHash } from '../metrics/queries/update-password-hash.ts';
import { updateUserLanguage } from '../metrics/queries/update-user-language.ts';
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
  const row = await insertUser(store, {
    email: normaliseEmail(email),
    role: role === 'admin' ? 'admin' : 'member',
    passwordHash: await hashPassword(password),
    createdAt: new Date().toISOString(),
    language,
  });
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
  const row = await findUser(store, normaliseEmail(email));
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
  await updateUserLanguage(store, userId, language);
}

export async function removeUser(store: Store, email: string): Promise<boolean> {
  return deleteUser(store, normaliseEmail(email));
}

export async function listUsers(store: Store): Promise<User[]> {
  const rows = await listUserRows(store);
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
  const row = await findUser(store, normaliseEmail(email));
  const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
  if (!row || !ok) return undefined;
  if (needsRehash(row.password_hash))
    await updatePasswordHash(store, Number(row.id), await hashPassword(password));
  return withMemberships(store, row);
}
// Same parameters as a real hash, so an unknown e-mail takes as long as a wrong password.
const DUMMY_HASH = `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$AAAAAAAAAAAAAAAAAAAAAA==$AAAA`;

const SESSION_HOURS = 12;
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new session; only the token's hash is stored, so a leaked database opens no session. */
export async function createSession(store: Store, user: User, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await insertSession(
    store,
    {
      tokenHash: tokenHash(token),
      userId: user.id,
      expiresAt: new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString(),
    },
    now.toISOString(),
  );
  return token;
}

export async function sessionUser(store: Store, token: string, now = new Date()): Promise<User | undefined> {
  const row = await findSessionUser(store, tokenHash(token));
  if (!row || row.expires_at < now.toISOString()) return undefined;
  return withMemberships(store, row);
}

export async function endSession(store: Store, token: string): Promise<void> {
  await deleteSession(store, tokenHash(token));
}

/** Members of a campaign's organisation (any role) read its reports; admins read all. */
export function canSee(user: User, campaign: Campaign): boolean {
  return can(user, 'read-report', campaign);
}
