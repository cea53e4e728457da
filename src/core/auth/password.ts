import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// scrypt parameters: N = 2^17, r = 8, p = 1, the minimum of the OWASP Password Storage Cheat Sheet
// (2025), with a 64-byte key. One hash costs 128 MiB and a few hundred milliseconds, so the sign-in
// throttle reserves each attempt before it is hashed (at most a few run at once).
export const SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEYLEN = 64;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEYLEN, { N: n, r, p, maxmem: 128 * n * r * 2 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** A self-describing scrypt hash: `scrypt$N$r$p$salt$hash` (base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

const parse = (stored: string) => {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const sane =
    scheme === 'scrypt' &&
    !!salt &&
    !!hash &&
    [params.N, params.r, params.p].every((v) => Number.isInteger(v) && v > 0) &&
    params.N <= 2 ** 20 &&
    params.r <= 32 &&
    params.p <= 16;
  return sane ? { ...params, salt, hash } : undefined;
};

/** Constant-time check of a password against a stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parse(stored);
  if (!h) return false;
  const expected = Buffer.from(h.hash, 'base64');
  const key = await derive(password, Buffer.from(h.salt, 'base64'), h.N, h.r, h.p);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Whether a stored hash is weaker than today's parameters (it is replaced at the next sign-in). */
export function needsRehash(stored: string): boolean {
  const h = parse(stored);
  return !h || h.N < SCRYPT.N || h.r < SCRYPT.r || h.p < SCRYPT.p;
}
