import { parseCpr } from './danish';
import { parseNorwegianId } from './norwegian';
import { parseLmaNumber, parseSwedishNumber } from './swedish';
import {
  defaultAllowedKinds,
  identityFailure,
  shapeReasons,
  type IdentityAttempt,
  type IdentityCountry,
  type IdentityFailure,
  type IdentityFamily,
  type IdentityKind,
  type IdentityResult,
  type IsoDate,
  type ParsedIdentity,
} from './types';

export interface ParseIdentityOptions {
  /** Reference date `YYYY-MM-DD` (never read from the clock here). */
  today: IsoDate;
  /** Kinds this site accepts. Default: defaultAllowedKinds (no interim numbers, no H-numbers). */
  allow?: readonly IdentityKind[];
  /** The site's country: decides which reading of an ambiguous 10-digit number wins. */
  country?: IdentityCountry;
}

const familyKinds: Record<IdentityFamily, readonly IdentityKind[]> = {
  se: ['se-personnummer', 'se-samordningsnummer', 'se-interim'],
  'se-lma': ['se-lma'],
  dk: ['dk-cpr', 'dk-cpr-replacement'],
  no: ['no-fodselsnummer', 'no-d-number', 'no-h-number'],
};

/** Order in which families are tried. Only Swedish and Danish shapes overlap (10 digits, `-` after six). */
const familyOrder: Record<IdentityCountry | 'default', readonly IdentityFamily[]> = {
  default: ['se', 'se-lma', 'dk', 'no'],
  SE: ['se', 'se-lma', 'dk', 'no'],
  DK: ['dk', 'se', 'se-lma', 'no'],
  NO: ['no', 'se', 'se-lma', 'dk'],
};

function parseFamily(family: IdentityFamily, input: string, today: IsoDate | undefined, allow: readonly IdentityKind[]): IdentityResult {
  switch (family) {
    case 'se':
      return parseSwedishNumber(input, today, allow.includes('se-interim'));
    case 'se-lma':
      return parseLmaNumber(input);
    case 'dk':
      return parseCpr(input, today === undefined ? {} : { today });
    case 'no':
      return parseNorwegianId(input, today === undefined ? {} : { today });
  }
}

/**
 * Detects and parses any supported identity number.
 *
 * Ambiguity rule: a 10-digit number written `NNNNNN-NNNN` or `NNNNNNNNNN` can be a Swedish personnummer
 * (YYMMDD-NNNC) or a Danish CPR (DDMMYY-SSSS). Families are tried in an order set by `country`
 * (SE or none: Sweden, LMA, Denmark, Norway; DK: Denmark first; NO: Norway first) and the first valid reading of
 * an allowed kind wins. Every other valid reading is listed in `alsoValidAs`, with the warning
 * 'ambiguous-country'. Without a hint a Swedish reading wins only if it passes the Luhn check and the date
 * rules, so a Danish site should always pass `country: 'DK'`. A `+` separator, 12 digits, a letter in the
 * serial or an LMA shape are Swedish only; 11 digits are Norwegian only.
 *
 * When nothing matches, the reason is that of the first family (in order) whose shape matched, else
 * 'invalid-format' (or the shared shape reason); `attempts` lists every family's reason.
 */
export function parseIdentity(input: string, options: ParseIdentityOptions): IdentityResult {
  return detectIdentity(input, options);
}

/** Rules a site or decoding profile sets for identity numbers. */
export interface IdentityRules {
  allow?: readonly IdentityKind[];
  country?: IdentityCountry;
}

/**
 * parseIdentity for callers that may lack a reference date (card decoding without a clock): then CPR and
 * Norwegian numbers skip the future-date check and 10-digit Swedish numbers fail with 'reference-date-required'.
 */
export function detectIdentity(input: string, options: IdentityRules & { today?: IsoDate }): IdentityResult {
  if (typeof input !== 'string' || input.trim() === '') return identityFailure('empty');
  const allow = options.allow ?? defaultAllowedKinds;
  const order = familyOrder[options.country ?? 'default'];
  const families = order.filter((family) => familyKinds[family].some((kind) => allow.includes(kind)));
  if (families.length === 0) return identityFailure('kind-not-allowed', 'no identity kind is allowed');

  const valid: ParsedIdentity[] = [];
  const attempts: IdentityAttempt[] = [];
  let firstRealFailure: IdentityFailure | null = null;
  for (const family of families) {
    const result = parseFamily(family, input, options.today, allow);
    let failure: IdentityFailure;
    if (result.ok) {
      if (allow.includes(result.kind)) {
        valid.push(result);
        continue;
      }
      failure = identityFailure('kind-not-allowed', `${result.kind} is not accepted here`, result.kind);
    } else {
      failure = result;
    }
    attempts.push({ family, reason: failure.reason });
    if (!firstRealFailure && !shapeReasons.has(failure.reason)) firstRealFailure = failure;
  }

  const [best, ...others] = valid;
  if (best) {
    if (others.length === 0) return best;
    return {
      ...best,
      warnings: [...best.warnings, 'ambiguous-country' as const],
      alsoValidAs: others.map((other) => other.kind),
    };
  }
  if (firstRealFailure) return { ...firstRealFailure, attempts };
  // Only shape failures: report a length problem when every family agreed it was one, else a format problem.
  const reasons = new Set(attempts.map((attempt) => attempt.reason));
  const reason = reasons.size === 1 ? (attempts[0]?.reason ?? 'invalid-format') : 'invalid-format';
  return { ok: false, reason, detail: 'no supported identity number has this shape', attempts };
}
