import { createHmac, scrypt, type ScryptOptions } from 'node:crypto';
import type { DoorHashParams } from '../shared/sync/protocol';

/**
 * The door kiosks' hashes, computed the same way by the register (door.ts) and the door terminal
 * (src/main/sync/door.ts). Identity numbers go in normalised (src/shared/identity `normalised`).
 */

/** scrypt(identity number, key) in base64: slow on purpose (see door.ts). */
export function doorIdentityHash(identityNumber: string, params: DoorHashParams): Promise<string> {
  const options: ScryptOptions = { N: 2 ** params.logN, r: params.r, p: params.p, maxmem: 256 * 2 ** params.logN * params.r };
  return new Promise((resolve, reject) =>
    scrypt(identityNumber, Buffer.from(params.key, 'base64'), params.keyLength, options, (error, key) => (error ? reject(error) : resolve(key.toString('base64')))),
  );
}

/** Card numbers as readers and registers both write them: trimmed, upper-case (hex UIDs, Code 39). */
export function normaliseCardNumber(number: string): string {
  return number.trim().toUpperCase();
}

/**
 * HMAC-SHA256(key, normalised card number) in hex. Card numbers are not identity numbers (they are issued,
 * not derived from a birth date), so a keyed fast hash suffices; it also keeps a card read at the door fast.
 */
export function doorCardHash(number: string, params: Pick<DoorHashParams, 'key'>): string {
  return createHmac('sha256', Buffer.from(params.key, 'base64')).update(normaliseCardNumber(number), 'utf8').digest('hex');
}
