import { identityFailure, type IdentityFailure } from './types';

/**
 * The common front of the digits-and-dash parsers (CPR, Norwegian): whitespace dropped, then
 * empty, foreign characters, wrong length or wrong shape, each with its reason; else the match.
 */
export function matchDigitShape(
  input: unknown,
  shape: RegExp,
  digits: number,
  detail: { characters: string; length: string; format: string },
): RegExpExecArray | IdentityFailure {
  if (typeof input !== 'string') return identityFailure('invalid-format', 'not a string');
  const s = input.replace(/\s+/g, '');
  if (s === '') return identityFailure('empty');
  if (!/^[0-9-]*$/.test(s)) return identityFailure('invalid-characters', detail.characters);
  const m = shape.exec(s);
  if (m) return m;
  if (/^\d+(?:-\d+)?$/.test(s) && s.replace('-', '').length !== digits) return identityFailure('invalid-length', detail.length);
  return identityFailure('invalid-format', detail.format);
}
