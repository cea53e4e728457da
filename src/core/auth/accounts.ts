import { createHash, randomBytes } from 'node:crypto';
import type { Campaign } from '../campaign/schema/index.ts';
import type { Store } from '../metrics/store.ts';
import { isDashboardLanguage, type DashboardLanguage } from './language.ts';
import { hashPassword, needsRehash, SCRYPT, verifyPassword } from './password.ts';

export type Role = 'admin' | 'evaluator';

export interface User {
  id: number;
  email: string;
  organisations: string[];
  role: Role;
  /** The dashboard language the account chose (`en`, `fr`, `ar`); null: the browser's Accept-Language. */
  language: DashboardLanguage | null;
}

const toUser = (r: {
  id: number;
  email: string;
  organisations: string;
  role: string;
  language: string | null;
}): User => ({
  id: Number(r.id),
  email: r.email,
  organisations: r.organisations.split(',').filter(Boolean),
  role: r.role === 'admin' ? 'admin' : 'evaluator',
  language: isDashboardLanguage(r.language) ? r.language : null,
});
const USER_COLUMNS = ['id', 'email', 'organisations', 'role', 'language'] as const;

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
      organisations: organisations.join(','),
      role,
      password_hash: await hashPassword(password),
      created_at: new Date().toISOString(),
      language,
    })
    .returning([...USER_COLUMNS])
    .executeTakeFirstOrThrow();
  return toUser(row);
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
  return (
    await store.db
      .selectFrom('users')
      .select([...USER_COLUMNS])
      .orderBy('email')
      .execute()
  ).map(toUser);
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
  return toUser(row);
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
    .select([
      'users.id',
      'users.email',
      'users.organisations',
      'users.role',
      'users.language',
      'sessions.expires_at',
    ])
    .where('sessions.token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row || row.expires_at < now.toISOString()) return undefined;
  return toUser(row);
}

export async function endSession(store: Store, token: string): Promise<void> {
  await store.db.deleteFrom('sessions').where('token_hash', '=', tokenHash(token)).execute();
}

/** Evaluators see their organisations' campaigns; admins see all. */
export function canSee(user: User, campaign: Campaign): boolean {
  return user.role === 'admin' || user.organisations.includes(campaign.owner.id);
}
