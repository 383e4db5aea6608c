import { z } from 'zod';

/**
 * The one slow-hash format the project writes for borrower passwords, PINs and staff passwords
 * (src/main/desk/passwords.ts): `scrypt$15$8$1$<16-byte salt>$<32-byte key>`, base64. Terminals run
 * whatever parameters a hash names (a door on its main thread), so the register accepts no other:
 * `scrypt$20$…` would cost every terminal 32 times the memory and time.
 */
export const scryptParams = { logN: 15, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;

/** Base64 of exactly `bytes` bytes, with its padding. */
const base64Of = (bytes: number) => `[A-Za-z0-9+/]{${4 * Math.floor(bytes / 3)}}${['', '[A-Za-z0-9+/]{2}==', '[A-Za-z0-9+/]{3}='][bytes % 3]}`;
const hashPattern = new RegExp(
  `^scrypt\\$${scryptParams.logN}\\$${scryptParams.r}\\$${scryptParams.p}\\$${base64Of(scryptParams.saltLength)}\\$${base64Of(scryptParams.keyLength)}$`,
);

export const ProjectHashSchema = z.string().max(200).regex(hashPattern, `not a scrypt$${scryptParams.logN}$${scryptParams.r}$${scryptParams.p} hash as this project writes it`);
