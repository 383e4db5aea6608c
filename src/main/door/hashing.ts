import { createHmac, hkdfSync, pbkdf2Sync, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Credential } from '../../shared/cards/types';

/**
 * Keyed hashes for the door (SPEC section 8: "store a keyed slow hash of the identity number").
 *
 * Threat model, honestly:
 * - The secret is the installation key, 32 random bytes kept OUTSIDE the database (passed in by the caller:
 *   the OS keychain / the enrolment secret store). Every hash is an HMAC under a sub-key of it.
 * - Someone who copies the database file (a stolen kiosk disk, a backup, a support dump) but not the key
 *   learns nothing: without the key an HMAC cannot be tested against guesses, however few the candidates.
 * - Someone who has BOTH the database and the key can enumerate identity numbers: a birth date plus a
 *   serial is only ~10^7.5 candidates per country, seconds of HMAC work. A slow hash would not rescue this
 *   at any cost we can pay: the lookup hash must be deterministic (no per-row salt, or we could not find
 *   the row), so the attacker pays the slow hash once per candidate for the whole table, while we pay it for
 *   every one of the 1,000,000 rows at each rebuild. PBKDF2 at 1,000 iterations would make the attacker's
 *   whole-table enumeration cost minutes instead of seconds and our rebuild ~10 minutes instead of seconds.
 *   So identity and card hashes are HMAC-SHA256 only; the key is the protection. (bench/door-decision.bench.ts
 *   measures what iterations would cost per decision.)
 * - PINs (4-8 digits) have even less entropy. They get a random per-row salt and PBKDF2 over an HMAC with a
 *   separate sub-key (the "pepper"): without the key nothing can be tested; with it, 10^4 guesses × the
 *   iterations is a second or so per borrower, not more. The real defence of a PIN is the online lockout.
 * - Card numbers are hashed the same way as identity numbers (they are personal data, and the only link
 *   between the door table and a person).
 */

export interface DoorKeys {
  /** HMAC key for credential hashes. */
  readonly credential: Buffer;
  /** HMAC key (pepper) for PIN hashes. */
  readonly pin: Buffer;
  /** A public fingerprint of the installation key, stored to notice a terminal given the wrong key. */
  readonly fingerprint: string;
}

export const MIN_KEY_BYTES = 32;

const doorKeyCache = new WeakMap<Uint8Array, DoorKeys>();

function subKey(key: Uint8Array, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `lanedisk/door/${info}/v1`, 32));
}

/** Sub-keys of the installation key (HKDF-SHA256), one per purpose. The key needs at least 32 bytes. */
export function deriveDoorKeys(key: Uint8Array): DoorKeys {
  const cached = doorKeyCache.get(key);
  if (cached) return cached;
  if (!(key instanceof Uint8Array) || key.length < MIN_KEY_BYTES) throw new Error(`The door key must be at least ${MIN_KEY_BYTES} random bytes`);
  const keys: DoorKeys = {
    credential: subKey(key, 'credential'),
    pin: subKey(key, 'pin'),
    fingerprint: subKey(key, 'fingerprint').subarray(0, 12).toString('hex'),
  };
  doorKeyCache.set(key, keys);
  return keys;
}

/** What a credential is to the door: a normalised identity number, or a card number. */
export type CredentialRef = { kind: 'identity'; normalised: string } | { kind: 'card'; number: string };

/** Card numbers as the reader and the register both write them: trimmed, upper-case (hex UIDs, Code 39). */
export function normaliseCardNumber(number: string): string {
  return number.trim().toUpperCase();
}

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

/** hex HMAC-SHA256(credential key, 'id:' + normalised identity | 'card:' + normalised card number). */
export function credentialHash(keys: DoorKeys, ref: CredentialRef): string {
  const message = ref.kind === 'identity' ? `id:${ref.normalised}` : `card:${normaliseCardNumber(ref.number)}`;
  return createHmac('sha256', keys.credential).update(message, 'utf8').digest('hex');
}

/** The part of a credential hash the visit log keeps (16 bits: ~15 cards share each prefix in a 1,000,000 cache). */
export function visitPrefix(hash: string): string {
  return hash.slice(0, 4);
}

export const PIN_PATTERN = /^\d{4,8}$/;
/** PBKDF2 rounds for PINs: ~1 ms, paid only when a PIN is typed. See the threat model above for why not more. */
export const PIN_ITERATIONS = 2000;

function pinDigest(keys: DoorKeys, pin: string, salt: Buffer, iterations: number): Buffer {
  const peppered = createHmac('sha256', keys.pin).update(`pin:${pin}`, 'utf8').digest();
  return pbkdf2Sync(peppered, salt, iterations, 32, 'sha256');
}

/** `pbkdf2-sha256$iterations$salt$hash` (base64). Throws for a PIN that is not 4-8 digits. */
export function hashPin(keys: DoorKeys, pin: string): string {
  if (!PIN_PATTERN.test(pin)) throw new Error('A door PIN is 4-8 digits');
  const salt = randomBytes(16);
  return ['pbkdf2-sha256', PIN_ITERATIONS, salt.toString('base64'), pinDigest(keys, pin, salt, PIN_ITERATIONS).toString('base64')].join('$');
}

/**
 * Checks a typed PIN against a stored hash: ours (`pbkdf2-sha256$…`), or the register's kiosk PIN
 * (`scrypt$logN$r$p$salt$hash`, borrower.pin_hash from migration 0007, the format of src/common/passwords.ts),
 * which costs one scrypt (tens of milliseconds) and has no pepper.
 */
export function verifyPin(keys: DoorKeys, pin: string, stored: string | null): boolean {
  if (stored === null || !PIN_PATTERN.test(pin)) return false;
  const parts = stored.split('$');
  if (parts[0] === 'scrypt') return verifyScryptPin(pin, parts);
  if (parts.length !== 4 || parts[0] !== 'pbkdf2-sha256') return false;
  const iterations = Number(parts[1]);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > 1_000_000) return false;
  const expected = Buffer.from(parts[3]!, 'base64');
  if (expected.length !== 32) return false;
  return timingSafeEqual(pinDigest(keys, pin, Buffer.from(parts[2]!, 'base64'), iterations), expected);
}

function verifyScryptPin(pin: string, parts: string[]): boolean {
  if (parts.length !== 6) return false;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![logN, r, p].every(Number.isInteger) || logN < 10 || logN > 20 || r < 1 || r > 32 || p < 1 || p > 16) return false;
  const expected = Buffer.from(parts[5]!, 'base64');
  if (expected.length < 16) return false;
  const key = scryptSync(pin.normalize('NFKC'), Buffer.from(parts[4]!, 'base64'), expected.length, { N: 2 ** logN, r, p, maxmem: 128 * 2 ** logN * r * 2 });
  return timingSafeEqual(key, expected);
}
