/**
 * Masking for display and logs: identity numbers stay out of logs and URLs (SPEC.md section 5).
 * The birth date part stays readable for staff (e.g. `19811218-****`); serials and check digits never do.
 * Anything not recognised is masked entirely (letters and digits become `*`, separators stay).
 */
export function maskIdentity(value: string): string {
  if (typeof value !== 'string') return '';
  const s = value.trim();
  let m: RegExpExecArray | null;
  // Swedish 12-character forms (YYYYMMDDNNNC, YYYYMMDD-NNNC, interim with a letter).
  if ((m = /^(\d{8})-?[0-9A-Za-z]\d{3}$/.exec(s))) return `${m[1] ?? ''}-****`;
  // 10-digit Swedish or Danish forms: keep the six date digits and the separator.
  if ((m = /^(\d{6})([-+]?)[0-9A-Za-z]\d{3}$/.exec(s))) return `${m[1] ?? ''}${m[2] || '-'}****`;
  // Norwegian 11 digits.
  if ((m = /^(\d{6})[ -]?\d{5}$/.exec(s))) return `${m[1] ?? ''} *****`;
  // LMA: no date inside, so only the first two digits stay.
  if ((m = /^(\d{2})-?\d{6}(?:\/.*)?$/.exec(s))) return `${m[1] ?? ''}-******`;
  return s.replace(/[0-9A-Za-z\u00C0-\u024F]/g, '*');
}
