import { luhnValid } from '../identity/checksums';
import { stepFail, type StepResult } from './types';

/**
 * Library barcodes as scanners type them.
 * - Codabar: start/stop characters A-D (some scanners send T N * E instead) may or may not be transmitted;
 *   they are stripped, case-insensitively. Codabar data never contains letters, so stripping is unambiguous.
 * - Code 39: `*` guards, stripped when present.
 * - 'auto': strips `*` guards, and A-D guards when both ends carry one around Codabar data.
 * - 'plain': nothing stripped.
 */
export type Symbology = 'codabar' | 'code39' | 'plain' | 'auto';

const CODABAR_GUARD = /^[A-DTNE*]$/i;
const CODABAR_DATA = /^[0-9\-$:/.+]+$/;

export function stripBarcodeGuards(text: string, symbology: Symbology): string {
  let s = text;
  switch (symbology) {
    case 'plain':
      return s;
    case 'code39':
      if (s.startsWith('*')) s = s.slice(1);
      if (s.endsWith('*')) s = s.slice(0, -1);
      return s;
    case 'codabar':
      if (s.length > 0 && CODABAR_GUARD.test(s[0] ?? '')) s = s.slice(1);
      if (s.length > 0 && CODABAR_GUARD.test(s[s.length - 1] ?? '')) s = s.slice(0, -1);
      return s;
    case 'auto':
      if (s.length >= 2 && s.startsWith('*') && s.endsWith('*')) return s.slice(1, -1);
      if (s.length >= 3 && /^[A-D]$/i.test(s[0] ?? '') && /^[A-D]$/i.test(s[s.length - 1] ?? '')) {
        const inner = s.slice(1, -1);
        if (CODABAR_DATA.test(inner)) return inner;
      }
      return s;
  }
}

export interface BarcodeRules {
  symbology: Symbology;
  stripGuards: boolean;
  charset: 'digits' | 'alphanumeric';
  minLength: number;
  maxLength: number;
  checkDigit: 'none' | 'luhn';
}

/** Code 39's full character set; lower case is accepted and upper-cased (scanners differ). */
const ALNUM = /^[0-9A-Z\-. $/+%]+$/;

/** Strips guards and line ends, then checks charset, length and check digit. The value is upper-cased. */
export function decodeBarcodeText(text: string, rules: BarcodeRules): StepResult<string> {
  let s = text.replace(/[\r\n\t]+/g, '').trim();
  if (rules.stripGuards) s = stripBarcodeGuards(s, rules.symbology).trim();
  s = s.toUpperCase();
  if (s === '') return stepFail('empty-input', 'nothing left after the guards');
  if (rules.charset === 'digits' ? !/^\d+$/.test(s) : !ALNUM.test(s)) {
    return stepFail('invalid-characters', `expected ${rules.charset}`);
  }
  if (s.length < rules.minLength || s.length > rules.maxLength) {
    return stepFail('invalid-length', `expected ${rules.minLength}-${rules.maxLength} characters, got ${s.length}`);
  }
  if (rules.checkDigit === 'luhn' && !luhnValid(s)) return stepFail('check-digit', 'the mod-10 check digit does not match');
  return { ok: true, value: s };
}
