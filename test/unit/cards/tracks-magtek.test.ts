import { describe, expect, it } from 'vitest';
import {
  MAGTEK_REPORT_LENGTH,
  buildMagtekReport,
  buildTrack,
  computeLrc,
  magtekTracks,
  parseMagtekReport,
  splitTracks,
  trackFields,
} from '../../../src/shared/cards';

describe('ISO 7811 track splitting', () => {
  it('splits a concatenated three-track swipe', () => {
    const swipe = '%B1234567890123445^DOE/JOHN^25121010000000000?;1234567890123445=25121010000000000?;011234567890=1?\r\n';
    const t = splitTracks(swipe);
    expect(t.track1?.data).toBe('B1234567890123445^DOE/JOHN^25121010000000000');
    expect(t.track2?.data).toBe('1234567890123445=25121010000000000');
    expect(t.track3?.data).toBe('011234567890=1');
    expect(trackFields(1, t.track1!.data)).toEqual(['B1234567890123445', 'DOE/JOHN', '25121010000000000']);
    expect(trackFields(2, t.track2!.data)).toEqual(['1234567890123445', '25121010000000000']);
  });

  it('handles a single track, a missing end sentinel and read-error tracks', () => {
    expect(splitTracks(';12345?').track2).toEqual({ data: '12345', error: false, unterminated: false });
    expect(splitTracks(';12345').track2).toEqual({ data: '12345', error: false, unterminated: true });
    const errors = splitTracks('%E?;E?+E?');
    expect(errors.track1?.error).toBe(true);
    expect(errors.track2?.error).toBe(true);
    expect(errors.track3?.error).toBe(true);
  });

  it('LRC: absent by default, consumed when present and checkable', () => {
    const framed = buildTrack(2, '1234567890', { lrc: true });
    const lrc = framed.slice(-1);
    expect(computeLrc(2, ';1234567890?')).toBe(lrc);
    const t = splitTracks(framed, 'present');
    expect(t.track2).toMatchObject({ data: '1234567890', lrc });
    // XOR of 4-bit values: ';'=0xB, digits 1..9,0, '?'=0xF.
    const expected = [0xb, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0xf].reduce((a, b) => a ^ b, 0);
    expect(lrc.charCodeAt(0) - 0x30).toBe(expected);
    // In auto mode a following track's sentinel is not an LRC.
    expect(splitTracks(';123?;456?').track3?.data).toBe('456');
  });
});

describe('MagTek HID report', () => {
  it('has the documented layout', () => {
    const report = buildMagtekReport({ track1: '%ABC?', track2: ';123?' }, { status: [0, 0, 1], encodeType: 0 });
    expect(report.length).toBe(337);
    expect([report[0], report[1], report[2]]).toEqual([0, 0, 1]);
    expect([report[3], report[4], report[5]]).toEqual([5, 5, 0]);
    expect(report[6]).toBe(0);
    expect(String.fromCharCode(...report.subarray(7, 12))).toBe('%ABC?');
    expect(String.fromCharCode(...report.subarray(117, 122))).toBe(';123?');
    expect(report[227]).toBe(0);
  });

  it('parses a report back, marking a track with non-zero status as unreadable', () => {
    const bytes = buildMagtekReport({ track1: '%ABC?', track2: ';123?', track3: ';999?' }, { status: [0, 0, 2], encodeType: 3 });
    const r = parseMagtekReport(bytes);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.report.encodeTypeName).toBe('blank');
    expect(r.report.tracks.map((t) => [t.ok, t.data])).toEqual([
      [true, '%ABC?'],
      [true, ';123?'],
      [false, ''],
    ]);
    const tracks = magtekTracks(r.report);
    expect(tracks.track1?.data).toBe('ABC');
    expect(tracks.track2?.data).toBe('123');
    expect(tracks.track3?.error).toBe(true);
  });

  it('refuses short reports and ignores trailing packet padding', () => {
    expect(parseMagtekReport(new Uint8Array(336))).toMatchObject({ ok: false, reason: 'report-length' });
    const padded = new Uint8Array(384);
    padded.set(buildMagtekReport({ track2: ';42?' }));
    const r = parseMagtekReport(padded);
    expect(r).toMatchObject({ ok: true, report: { trailingBytes: 384 - MAGTEK_REPORT_LENGTH } });
  });

  it('a length byte beyond the 110-byte capacity makes the track unreadable, not an overflow', () => {
    const bytes = buildMagtekReport({ track2: ';42?' });
    bytes[4] = 200;
    const r = parseMagtekReport(bytes);
    expect(r.ok && r.report.tracks[1]).toMatchObject({ ok: false, data: '' });
  });
});
