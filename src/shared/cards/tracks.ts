/**
 * ISO/IEC 7811 / 7813 magnetic stripe tracks as readers deliver them in text.
 * Track 1: `%` data `?` (fields separated by `^`); tracks 2 and 3: `;` data `?` (fields separated by `=`).
 * A reader may append the LRC character after `?` (usually it does not). `;E?` style tracks mean a read error.
 */

export type TrackNumber = 1 | 2 | 3;

export interface TrackRead {
  /** The data between the sentinels. */
  data: string;
  /** The reader reported a read error for this track (data `E`). */
  error: boolean;
  /** No end sentinel was found: the data runs to the end of the text. */
  unterminated: boolean;
  /** The LRC character after the end sentinel, when one was consumed. */
  lrc?: string;
}

export interface SplitTracks {
  track1?: TrackRead;
  track2?: TrackRead;
  track3?: TrackRead;
}

export type LrcMode = 'auto' | 'absent' | 'present';

function isStartSentinel(c: string): boolean {
  return c === '%' || c === ';' || c === '+';
}

function lrcRangeOk(track: TrackNumber, c: string): boolean {
  const code = c.charCodeAt(0);
  return track === 1 ? code >= 0x20 && code <= 0x5f : code >= 0x30 && code <= 0x3f;
}

/**
 * Splits a swipe (one or more concatenated tracks) into tracks. Text outside tracks (CR, LF, junk) is skipped.
 * The first `;` track is track 2, the next `;` or any `+` track is track 3.
 * LRC: 'present' always takes the character after `?`; 'auto' takes it unless it starts a track or ends a line.
 */
export function splitTracks(text: string, lrc: LrcMode = 'auto'): SplitTracks {
  const out: SplitTracks = {};
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] ?? '';
    if (!isStartSentinel(c)) {
      i++;
      continue;
    }
    const track: TrackNumber = c === '%' ? 1 : c === '+' || out.track2 ? 3 : 2;
    const end = text.indexOf('?', i + 1);
    const data = end < 0 ? text.slice(i + 1) : text.slice(i + 1, end);
    const read: TrackRead = { data, error: data.toUpperCase() === 'E', unterminated: end < 0 };
    i = end < 0 ? n : end + 1;
    if (end >= 0 && i < n && lrc !== 'absent') {
      const next = text[i] ?? '';
      const take = lrc === 'present' || (!isStartSentinel(next) && next !== '\r' && next !== '\n' && lrcRangeOk(track, next));
      if (take) {
        read.lrc = next;
        i++;
      }
    }
    if (track === 1 && !out.track1) out.track1 = read;
    else if (track === 2 && !out.track2) out.track2 = read;
    else if (track === 3 && !out.track3) out.track3 = read;
  }
  return out;
}

export function getTrack(tracks: SplitTracks, track: TrackNumber): TrackRead | undefined {
  return track === 1 ? tracks.track1 : track === 2 ? tracks.track2 : tracks.track3;
}

/** Fields of a track's data: split on `^` for track 1 and `=` for tracks 2 and 3. */
export function trackFields(track: TrackNumber, data: string): string[] {
  return data.split(track === 1 ? '^' : '=');
}

/**
 * The LRC character of a framed track (start sentinel through end sentinel): XOR of the character values
 * (track 1: code − 0x20, 6 bits; tracks 2/3: code − 0x30, 4 bits), written back in the same alphabet.
 * Null when a character lies outside the track's alphabet.
 */
export function computeLrc(track: TrackNumber, framed: string): string | null {
  const base = track === 1 ? 0x20 : 0x30;
  const mask = track === 1 ? 0x3f : 0x0f;
  let lrc = 0;
  for (let i = 0; i < framed.length; i++) {
    const v = framed.charCodeAt(i) - base;
    if (v < 0 || v > mask) return null;
    lrc ^= v;
  }
  return String.fromCharCode(lrc + base);
}

/** Frames track data with its sentinels, optionally followed by the LRC. */
export function buildTrack(track: TrackNumber, data: string, options: { lrc?: boolean } = {}): string {
  const framed = `${track === 1 ? '%' : ';'}${data}?`;
  if (!options.lrc) return framed;
  return `${framed}${computeLrc(track, framed) ?? ''}`;
}

/** True when `read` carries an LRC that does not match its framed data. */
export function lrcMismatch(track: TrackNumber, read: TrackRead): boolean {
  if (read.lrc === undefined || read.unterminated) return false;
  const expected = computeLrc(track, `${track === 1 ? '%' : ';'}${read.data}?`);
  return expected !== null && expected !== read.lrc;
}
