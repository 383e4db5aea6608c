import { bytesToLatin1, latin1ToBytes } from './bytes';
import type { SplitTracks, TrackNumber, TrackRead } from './tracks';

/**
 * MagTek USB HID swipe readers (vendor id 0x0801) in HID mode send one 337-byte input report per swipe:
 * bytes 0-2 decode status of tracks 1-3 (0 = ok), 3-5 data length of tracks 1-3, 6 card encode type,
 * 7-116 / 117-226 / 227-336 track 1 / 2 / 3 data (110 bytes each, ASCII, start and end sentinels included).
 */
export const MAGTEK_VENDOR_ID = 0x0801;
export const MAGTEK_REPORT_LENGTH = 337;
export const MAGTEK_TRACK_CAPACITY = 110;
const TRACK_OFFSETS = [7, 117, 227] as const;

/** Card encode types, index = byte 6. */
export const magtekEncodeTypes = ['iso-aba', 'aamva', 'cadl', 'blank', 'other', 'undetermined', 'none'] as const;

export interface MagtekTrack {
  track: TrackNumber;
  /** Decode status byte: 0 = decoded. */
  status: number;
  /** Length byte as sent. */
  length: number;
  /** Status 0 and a length that fits. */
  ok: boolean;
  /** The track's bytes as Latin-1 text (sentinels included when the reader sends them); '' unless ok. */
  data: string;
}

export interface MagtekReport {
  tracks: [MagtekTrack, MagtekTrack, MagtekTrack];
  encodeType: number;
  encodeTypeName: string;
  /** Bytes after the 337th (readers read in 64-byte packets); ignored. */
  trailingBytes: number;
}

export type MagtekParseResult = { ok: true; report: MagtekReport } | { ok: false; reason: 'report-length'; detail: string };

export function parseMagtekReport(bytes: Uint8Array | readonly number[]): MagtekParseResult {
  if (bytes.length < MAGTEK_REPORT_LENGTH) {
    return { ok: false, reason: 'report-length', detail: `expected ${MAGTEK_REPORT_LENGTH} bytes, got ${bytes.length}` };
  }
  const track = (index: 0 | 1 | 2): MagtekTrack => {
    const status = bytes[index] ?? 0xff;
    const length = bytes[3 + index] ?? 0;
    const ok = status === 0 && length <= MAGTEK_TRACK_CAPACITY;
    const offset = TRACK_OFFSETS[index];
    return {
      track: (index + 1) as TrackNumber,
      status,
      length,
      ok,
      data: ok ? bytesToLatin1(bytes, offset, offset + length) : '',
    };
  };
  const encodeType = bytes[6] ?? 0xff;
  return {
    ok: true,
    report: {
      tracks: [track(0), track(1), track(2)],
      encodeType,
      encodeTypeName: magtekEncodeTypes[encodeType] ?? 'unknown',
      trailingBytes: bytes.length - MAGTEK_REPORT_LENGTH,
    },
  };
}

/** True when bytes look like a MagTek report: long enough, lengths within capacity, known encode type. */
export function looksLikeMagtekReport(bytes: Uint8Array): boolean {
  return (
    bytes.length >= MAGTEK_REPORT_LENGTH &&
    (bytes[3] ?? 0xff) <= MAGTEK_TRACK_CAPACITY &&
    (bytes[4] ?? 0xff) <= MAGTEK_TRACK_CAPACITY &&
    (bytes[5] ?? 0xff) <= MAGTEK_TRACK_CAPACITY &&
    (bytes[6] ?? 0xff) < magtekEncodeTypes.length
  );
}

export interface MagtekBuildOptions {
  /** Decode status per track; default 0 for a track given, 0 with length 0 for a track not given. */
  status?: readonly [number, number, number];
  /** Card encode type (byte 6), default 0 (ISO/ABA). */
  encodeType?: number;
}

/** Builds a 337-byte report from track strings (sentinels included as given): for tests and the simulator. */
export function buildMagtekReport(
  tracks: { track1?: string; track2?: string; track3?: string },
  options: MagtekBuildOptions = {},
): Uint8Array {
  const report = new Uint8Array(MAGTEK_REPORT_LENGTH);
  const texts = [tracks.track1 ?? '', tracks.track2 ?? '', tracks.track3 ?? ''];
  texts.forEach((text, index) => {
    const data = latin1ToBytes(text).subarray(0, MAGTEK_TRACK_CAPACITY);
    report[index] = (options.status?.[index] ?? 0) & 0xff;
    report[3 + index] = data.length;
    report.set(data, TRACK_OFFSETS[index as 0 | 1 | 2]);
  });
  report[6] = (options.encodeType ?? 0) & 0xff;
  return report;
}

function stripSentinels(track: TrackNumber, data: string): string {
  let s = data;
  if (s.startsWith(track === 1 ? '%' : ';') || (track === 3 && s.startsWith('+'))) s = s.slice(1);
  const end = s.indexOf('?');
  return end < 0 ? s : s.slice(0, end);
}

function setTrack(out: SplitTracks, track: TrackNumber, read: TrackRead): void {
  if (track === 1) out.track1 = read;
  else if (track === 2) out.track2 = read;
  else out.track3 = read;
}

/**
 * The report's tracks in the shape splitTracks gives for text. A track with a non-zero status or an impossible
 * length is a read error; an empty track with status 0 is absent. Sentinels are stripped when present.
 */
export function magtekTracks(report: MagtekReport): SplitTracks {
  const out: SplitTracks = {};
  for (const t of report.tracks) {
    if (!t.ok) {
      setTrack(out, t.track, { data: '', error: true, unterminated: false });
      continue;
    }
    if (t.length === 0) continue;
    const data = stripSentinels(t.track, t.data);
    setTrack(out, t.track, { data, error: data.toUpperCase() === 'E', unterminated: false });
  }
  return out;
}
