import { altNumberPattern } from '../desk/alt-number';
import { parseCpr } from '../identity/danish';
import { maskIdentity } from '../identity/mask';
import { detectIdentity, type IdentityRules } from '../identity/detect';
import type { IsoDate } from '../identity/types';
import { decodeBarcodeText } from './barcodes';
import { bytesToLatin1, parseHex, toHex } from './bytes';
import { findHealthCardTrack2, parseHealthCardName, parseHealthCardTrack2 } from './health-card';
import { looksLikeMagtekReport, magtekTracks, parseMagtekReport } from './magtek';
import type { DecodingProfile } from './profiles';
import { normaliseIso15693Uid, parseIso28560Tag } from './rfid';
import { buildTrack, getTrack, lrcMismatch, splitTracks, trackFields, type SplitTracks } from './tracks';
import {
  stepFail,
  type CardWarning,
  type Credential,
  type DecodeInput,
  type DecodeResult,
  type StepResult,
} from './types';

export interface DecodeContext {
  /**
   * Today's date `YYYY-MM-DD` for identity numbers (century of 10-digit Swedish numbers, future birth dates).
   * Without it, CPR and Norwegian numbers skip the future check and 10-digit Swedish numbers are refused.
   */
  today?: IsoDate;
}

type Decoded = StepResult<{ credential: Credential; warnings: CardWarning[] }>;

function rawOf(input: DecodeInput): string {
  return input.type === 'text' ? input.text : toHex(input.bytes);
}

function inputText(input: DecodeInput): string {
  return input.type === 'text' ? input.text : bytesToLatin1(input.bytes);
}

/** Magstripe input as tracks plus the text the lenient searches run over. */
function readMagstripe(
  input: DecodeInput,
  bytesMode: 'auto' | 'magtek-hid' | 'latin1',
  lrc: 'auto' | 'absent' | 'present',
): StepResult<{ tracks: SplitTracks; text: string; warnings: CardWarning[] }> {
  if (input.type === 'bytes' && (bytesMode === 'magtek-hid' || (bytesMode === 'auto' && looksLikeMagtekReport(input.bytes)))) {
    const parsed = parseMagtekReport(input.bytes);
    if (!parsed.ok) return stepFail('report-length', parsed.detail);
    const tracks = magtekTracks(parsed.report);
    const text = ([1, 2, 3] as const)
      .map((n) => {
        const t = getTrack(tracks, n);
        return t && !t.error ? buildTrack(n, t.data) : '';
      })
      .join('');
    return { ok: true, value: { tracks, text, warnings: parsed.report.trailingBytes > 0 ? ['report-trailing-bytes'] : [] } };
  }
  const text = inputText(input);
  return { ok: true, value: { tracks: splitTracks(text, lrc), text, warnings: [] } };
}

function decodeHealthCard(profile: Extract<DecodingProfile, { kind: 'dk-health-card' }>, input: DecodeInput, context: DecodeContext): Decoded {
  const read = readMagstripe(input, profile.bytes, profile.lrc);
  if (!read.ok) return read;
  const { tracks, text, warnings } = read.value;
  const digits = findHealthCardTrack2(text, profile.sentinels);
  if (!digits) {
    if (tracks.track2?.error) return stepFail('track-read-error', 'the reader could not read track 2');
    return stepFail('no-track-data', 'no 37-digit health card track 2 found');
  }
  if (tracks.track2 && tracks.track2.data === digits && lrcMismatch(2, tracks.track2)) {
    return stepFail('lrc-mismatch', 'track 2 LRC does not match');
  }
  const fields = parseHealthCardTrack2(digits);
  if (profile.requireNationality !== null && fields.nationality !== profile.requireNationality) {
    return stepFail('nationality-mismatch', `nationality code ${fields.nationality}`);
  }
  const identity = parseCpr(fields.cpr, context.today === undefined ? {} : { today: context.today });
  if (!identity.ok) return { ok: false, reason: 'invalid-identity', detail: 'the CPR on the card is not valid', identityReason: identity.reason };
  const credential: Credential = {
    kind: 'identity',
    value: identity.normalised,
    identity,
    raw: rawOf(input),
    details: {
      cardType: fields.cardType,
      nationality: fields.nationality,
      group: fields.group,
      municipality: fields.municipality,
      validFrom: fields.validFrom,
    },
  };
  if (profile.readName && tracks.track1 && !tracks.track1.error) {
    const name = parseHealthCardName(tracks.track1.data);
    if (name) credential.name = name;
  }
  return { ok: true, value: { credential, warnings } };
}

function decodeMagstripe(profile: Extract<DecodingProfile, { kind: 'magstripe' }>, input: DecodeInput, context: DecodeContext): Decoded {
  const read = readMagstripe(input, profile.bytes, profile.lrc);
  if (!read.ok) return read;
  const { tracks, text, warnings } = read.value;
  const trackNumber = profile.track;
  let data: string;
  const track = getTrack(tracks, trackNumber);
  if (track) {
    if (track.error) return stepFail('track-read-error', `the reader could not read track ${trackNumber}`);
    if (profile.sentinels === 'require' && track.unterminated) return stepFail('malformed-track', 'no end sentinel');
    if (lrcMismatch(trackNumber, track)) return stepFail('lrc-mismatch', `track ${trackNumber} LRC does not match`);
    data = track.data;
  } else {
    // A framed track 1 before an unframed track 2/3 is not part of it.
    const rest = trackNumber === 1 ? text : text.replace(/%[^?]*\?/, '');
    const bare = rest.replace(/[\r\n]+/g, '').trim();
    if (bare === '') return stepFail('empty-input');
    if (profile.sentinels === 'require') return stepFail('no-track-data', `no framed track ${trackNumber}`);
    // 'optional': the reader sends the data without sentinels; 'lenient': also drop one odd character at each end
    // (a Nordic keyboard layout turns `;` into `æ` and `?` into `_`).
    data = profile.sentinels === 'lenient' ? bare.replace(/^[^0-9A-Za-z]/, '').replace(/[^0-9A-Za-z]$/, '') : bare;
  }
  let field = trackFields(trackNumber, data)[profile.field];
  if (field === undefined) return stepFail('malformed-track', `track ${trackNumber} has no field ${profile.field}`);
  if (profile.stripFormatCode && trackNumber === 1) field = field.slice(1);
  field = field.trim();
  if (field === '') return stepFail('empty-id', 'the field is empty');
  const checked = decodeBarcodeText(field, {
    symbology: 'plain',
    stripGuards: false,
    charset: profile.charset,
    minLength: profile.minLength,
    maxLength: profile.maxLength,
    checkDigit: profile.checkDigit,
  });
  if (!checked.ok) return checked;
  return credentialFor(profile.credential, checked.value, profile.identity, rawOf(input), context, warnings);
}

function credentialFor(
  kind: 'library-card' | 'identity',
  value: string,
  rules: IdentityRules,
  raw: string,
  context: DecodeContext,
  warnings: CardWarning[],
): Decoded {
  if (kind === 'library-card') return { ok: true, value: { credential: { kind, value, raw }, warnings } };
  const identity = detectIdentity(value, { ...rules, today: context.today });
  if (!identity.ok) return { ok: false, reason: 'invalid-identity', detail: 'not a valid identity number', identityReason: identity.reason };
  return { ok: true, value: { credential: { kind: 'identity', value: identity.normalised, identity, raw }, warnings } };
}

function decodeBarcode(profile: Extract<DecodingProfile, { kind: 'barcode' }>, input: DecodeInput, context: DecodeContext): Decoded {
  const checked = decodeBarcodeText(inputText(input), profile);
  if (!checked.ok) return checked;
  return credentialFor(profile.credential, checked.value, profile.identity, rawOf(input), context, []);
}

function decodeRfidUid(profile: Extract<DecodingProfile, { kind: 'rfid-uid' }>, input: DecodeInput): Decoded {
  const source = input.type === 'text' ? input.text.replace(/[\r\n\0]+/g, '') : input.bytes;
  const uid = normaliseIso15693Uid(source, profile);
  if (!uid.ok) return uid;
  const details: Record<string, string | number | boolean> = {};
  if (uid.value.manufacturer) details['manufacturer'] = uid.value.manufacturer;
  return {
    ok: true,
    value: {
      credential: { kind: 'rfid-uid', value: uid.value.uid, raw: rawOf(input), details },
      warnings: uid.value.reversed ? ['uid-reversed'] : [],
    },
  };
}

function decodeIso28560(profile: Extract<DecodingProfile, { kind: 'rfid-iso28560-3' }>, input: DecodeInput): Decoded {
  let bytes: Uint8Array;
  if (input.type === 'bytes') {
    bytes = input.bytes;
  } else {
    const parsed = parseHex(input.text);
    if (!parsed) return stepFail('invalid-hex', 'tag memory must be hexadecimal');
    bytes = parsed;
  }
  const parsed = parseIso28560Tag(bytes, { blockOrder: profile.blockOrder, layout: profile.layout });
  if (!parsed.ok) return parsed;
  const tag = parsed.value;
  const warnings: CardWarning[] = [...(parsed.warnings ?? [])];
  if (profile.crc !== 'ignore' && !tag.crc.ok) {
    if (profile.crc === 'require') return stepFail('crc-mismatch', 'the tag CRC does not match its data');
    warnings.push('crc-mismatch');
  }
  if (!profile.acceptUsages.includes(tag.usage)) return stepFail('usage-not-accepted', `type of usage ${tag.usage}`);
  const id = tag.id.trim();
  if (id === '') return stepFail('empty-id', 'the tag holds no identifier');
  if (!/^[\x20-\x7e]+$/.test(id)) return stepFail('invalid-characters', 'the identifier is not printable ASCII');
  if (id.length < profile.minLength || id.length > profile.maxLength) {
    return stepFail('invalid-length', `identifier of ${id.length} characters`);
  }
  return {
    ok: true,
    value: {
      credential: {
        kind: tag.usage === 'patron-card' ? 'library-card' : 'item',
        value: id,
        raw: rawOf(input),
        details: {
          usage: tag.usage,
          version: tag.version,
          partsInSet: tag.partsInSet,
          partNumber: tag.partNumber,
          country: tag.country,
          isil: tag.isil,
          crcOk: tag.crc.ok,
          layout: tag.layout,
          blockOrder: tag.blockOrder,
        },
      },
      warnings,
    },
  };
}

function decodeTypedIdentity(profile: Extract<DecodingProfile, { kind: 'typed-identity' }>, input: DecodeInput, context: DecodeContext): Decoded {
  if (input.type !== 'text') return stepFail('wrong-input-type', 'typed identity numbers arrive as text');
  const text = input.text.replace(/[\r\n\t]+/g, '').trim();
  if (text === '') return stepFail('empty-input');
  const identity = credentialFor('identity', text, profile.identity, input.text, context, []);
  // A Danish borrower may type the alternative borrower number instead of the CPR number (seed 002).
  if (!identity.ok && profile.altNumbers && altNumberPattern.test(text)) return credentialFor('library-card', text, profile.identity, input.text, context, []);
  return identity;
}

function isDecodeInput(input: unknown): input is DecodeInput {
  if (typeof input !== 'object' || input === null) return false;
  const candidate = input as { type?: unknown; text?: unknown; bytes?: unknown };
  return (
    (candidate.type === 'text' && typeof candidate.text === 'string') ||
    (candidate.type === 'bytes' && candidate.bytes instanceof Uint8Array)
  );
}

/**
 * The one entry point readers use: decodes what a reader delivered with the profile the technician picked.
 * Never throws; a refusal carries a reason from cardReasons (i18n key `card.reason.<reason>`).
 * The profile must come from builtinProfiles or parseDecodingProfile (defaults filled).
 */
export function decodeWithProfile(profile: DecodingProfile, input: DecodeInput, context: DecodeContext = {}): DecodeResult {
  const profileId = typeof profile?.id === 'string' ? profile.id : '';
  if (!isDecodeInput(input)) return { ok: false, profileId, reason: 'wrong-input-type' };
  if ((input.type === 'text' && input.text.trim() === '') || (input.type === 'bytes' && input.bytes.length === 0)) {
    return { ok: false, profileId, reason: 'empty-input' };
  }
  let result: Decoded;
  switch (profile?.kind) {
    case 'dk-health-card':
      result = decodeHealthCard(profile, input, context);
      break;
    case 'magstripe':
      result = decodeMagstripe(profile, input, context);
      break;
    case 'barcode':
      result = decodeBarcode(profile, input, context);
      break;
    case 'rfid-uid':
      result = decodeRfidUid(profile, input);
      break;
    case 'rfid-iso28560-3':
      result = decodeIso28560(profile, input);
      break;
    case 'typed-identity':
      result = decodeTypedIdentity(profile, input, context);
      break;
    default:
      return { ok: false, profileId, reason: 'invalid-profile', detail: 'unknown profile kind' };
  }
  if (!result.ok) {
    const failure: DecodeResult = { ok: false, profileId, reason: result.reason };
    if (result.detail !== undefined) failure.detail = result.detail;
    if (result.identityReason !== undefined) failure.identityReason = result.identityReason;
    return failure;
  }
  return { ok: true, profileId, credential: result.value.credential, warnings: result.value.warnings };
}

/** A credential safe to log: identity numbers masked, raw input dropped. */
export function redactCredential(credential: Credential): { kind: Credential['kind']; value: string; identityKind?: string } {
  if (credential.kind === 'identity') {
    const out: { kind: Credential['kind']; value: string; identityKind?: string } = {
      kind: credential.kind,
      value: maskIdentity(credential.value),
    };
    if (credential.identity) out.identityKind = credential.identity.kind;
    return out;
  }
  return { kind: credential.kind, value: credential.value };
}
