import { scrypt, timingSafeEqual } from 'node:crypto';
import type { Credential } from '../../shared/cards/types';

/** What a credential is to the door: a normalised identity number, or a card number. */
export type CredentialRef = { kind: 'identity'; normalised: string } | { kind: 'card'; number: string };

/** The door's view of a decoded credential; null for one that is not a patron's (an item tag). */
export function credentialRefOf(credential: Credential): CredentialRef | null {
  switch (credential.kind) {
    case 'identity':
      return { kind: 'identity', normalised: credential.identity?.normalised ?? credential.value };
    case 'library-card':
    case 'rfid-uid':
      return { kind: 'card', number: credential.value };
    case 'item':
      return null;
  }
}

/** The part of a credential hash the visit log keeps (16 bits: ~15 cards share each prefix in a 1,000,000 list). */
export function visitPrefix(hexHash: string): string {
  return hexHash.slice(0, 4);
}

export const PIN_PATTERN = /^\d{4,8}$/;

/**
 * Checks a typed PIN against the register's PIN hash (`scrypt$logN$r$p$salt$hash`, borrower.pin_hash, the
 * format of src/common/passwords.ts), which the feed carries. One scrypt on libuv's thread pool (never on the
 * main thread, where it would hold up the relay), paid only when a PIN is typed.
 */
export async function verifyPin(pin: string, stored: string | null | undefined): Promise<boolean> {
  if (!stored || !PIN_PATTERN.test(pin)) return false;
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![logN, r, p].every(Number.isInteger) || logN < 10 || logN > 20 || r < 1 || r > 32 || p < 1 || p > 16) return false;
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length < 16) return false;
  const options = { N: 2 ** logN, r, p, maxmem: 128 * 2 ** logN * r * 2 };
  const key = await new Promise<Buffer>((resolve, reject) =>
    scrypt(pin.normalize('NFKC'), Buffer.from(parts[4]!, 'base64'), expected.length, options, (error, derived) => (error ? reject(error) : resolve(derived))),
  );
  return timingSafeEqual(key, expected);
}
