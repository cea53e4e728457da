import { createHmac } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

/**
 * Several machines behind one proxy on one PostgreSQL: the daily visitor salt comes from one place, a
 * secret every server holds in memory (`SALT_SECRET`, or the file `SALT_SECRET_FILE` names, readable
 * by the service's user only). The day's salt is HMAC-SHA256(secret, "counterpoint visitor salt " +
 * UTC day): every server derives the same salt for the same day without asking another, and none is
 * ever written anywhere. README "Several machines" says what a leak of the secret would expose.
 * Without a secret, nothing changes: each server (the primary of its workers) draws a random salt.
 */
export const SALT_SECRET_MIN_LENGTH = 32;

export class SaltSecretError extends Error {}

/** The secret from the environment, or undefined when none is set; throws a SaltSecretError naming the variable. */
export function readSaltSecret(env: Record<string, string | undefined> = process.env): Buffer | undefined {
  const inline = env['SALT_SECRET'];
  const file = env['SALT_SECRET_FILE'];
  if (inline && file)
    throw new SaltSecretError('SALT_SECRET and SALT_SECRET_FILE are both set: keep one of them');
  let text: string;
  let name: string;
  if (file) {
    name = `SALT_SECRET_FILE (${file})`;
    try {
      const mode = statSync(file).mode;
      if (mode & 0o077)
        throw new SaltSecretError(
          `${name} can be read by other users (mode ${(mode & 0o777).toString(8)}): chmod 600 it`,
        );
      text = readFileSync(file, 'utf8');
    } catch (e) {
      if (e instanceof SaltSecretError) throw e;
      throw new SaltSecretError(`${name} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  } else if (inline !== undefined) {
    name = 'SALT_SECRET';
    text = inline;
  } else return undefined;
  const secret = text.trim();
  if (secret.length < SALT_SECRET_MIN_LENGTH)
    throw new SaltSecretError(
      `${name} is ${secret.length} characters long: use at least ${SALT_SECRET_MIN_LENGTH} random ones (openssl rand -base64 48)`,
    );
  return Buffer.from(secret, 'utf8');
}

/** The daily salt of a secret: the same on every server for the same UTC day `YYYY-MM-DD`. */
export function dailySaltFromSecret(secret: Buffer): (day: string) => Buffer {
  return (day) => createHmac('sha256', secret).update(`counterpoint visitor salt ${day}`).digest();
}
