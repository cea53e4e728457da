import type { Store } from '../store.ts';

/** An account as the accounts module reads it (no password hash). */
export interface UserRow {
  id: number;
  email: string;
  role: string;
  language: string | null;
}

export const USER_COLUMNS = ['id', 'email', 'role', 'language'] as const;

/** Adds an account; the e-mail is already normalised and the password already hashed. */
export async function insertUser(
  store: Store,
  user: { email: string; role: string; passwordHash: string; createdAt: string; language: string | null },
): Promise<UserRow> {
  return store.db
    .insertInto('users')
    .values({
      email: user.email,
      role: user.role,
      password_hash: user.passwordHash,
      created_at: user.createdAt,
      language: user.language,
    })
    .returning([...USER_COLUMNS])
    .executeTakeFirstOrThrow();
}
