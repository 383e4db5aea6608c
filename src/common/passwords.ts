import { randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { scryptParams as params } from '../shared/sync/hashes';

// scrypt cost: 2^15 × 8 × 1 ≈ 32 MiB and tens of milliseconds per hash, so a stolen database is slow to attack.
// The parameters are shared with the register, which accepts hashes in this one format only.

function derive(password: string, salt: Buffer, logN: number, r: number, p: number, keyLength: number): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** logN, r, p, maxmem: 128 * 2 ** logN * r * 2 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** A slow, salted hash in a self-describing string: `scrypt$logN$r$p$salt$hash` (base64). Never reversible. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(params.saltLength);
  const key = await derive(password, salt, params.logN, params.r, params.p, params.keyLength);
  return ['scrypt', params.logN, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parts = (stored ?? '').split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![logN, r, p].every(Number.isInteger) || logN < 10 || logN > 20) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  const key = await derive(password, salt, logN, r, p, expected.length);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

// No 0/O, 1/l/I: the borrower types it from a mail.
const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password for the registration mail (SPEC: generated, mailed, never shown to staff). */
export function randomPassword(length = 12): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}
