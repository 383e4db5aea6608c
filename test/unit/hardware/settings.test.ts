import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/main/db/migrate';
import { migrations } from '../../../src/main/db/migrations';
import { lineTerminators as mainTerminators, readerRoles as mainRoles, serialParities as mainParities } from '../../../src/main/hardware/readers';
import {
  checkHardwareSettings,
  defaultResolvedHardware,
  exportSettingsFile,
  HardwareSettingsStore,
  readSettingsFile,
} from '../../../src/main/hardware/settings';
import { maskRawFrame, viewOfRead } from '../../../src/main/hardware/view';
import { decodeWithProfile, findBuiltinProfile } from '../../../src/shared/cards';
import {
  defaultHardwareSettings,
  lineTerminators,
  readerRoles,
  serialParities,
  type HardwareSettings,
} from '../../../src/shared/hardware/settings';
import { createTranslator } from '../../../src/main/ipc/translator';

/** A fictitious Danish health card's track 2 (CPR 150385-1004). */
const healthCard = `;12081000${'1503851004'}1123456084101010120?`;

function settingsWith(change: Partial<HardwareSettings>): HardwareSettings {
  return { ...structuredClone(defaultHardwareSettings), ...change };
}

function issues(input: unknown, language: 'sv' | 'da' | 'en' = 'en') {
  const checked = checkHardwareSettings(input, language);
  if (checked.ok) throw new Error('expected the settings to be refused');
  return checked.issues;
}

describe('migration 0004 hardware-settings', () => {
  const db = new Sqlite(':memory:');
  migrate(db, migrations);

  it('comes after 0003 and creates a STRICT single-row table', () => {
    expect(migrations.map((m) => m.version).slice(0, 4)).toEqual([1, 2, 3, 4]);
    expect(migrations[3]?.name).toBe('hardware-settings');
    const sqlText = (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'hardware_settings'").get() as { sql: string }).sql;
    expect(sqlText).toMatch(/\)\s*STRICT$/);
  });

  it('stores only a JSON object, in row 1 only', () => {
    const insert = db.prepare('INSERT INTO hardware_settings (id, format_version, settings, updated_at) VALUES (?, ?, ?, ?)');
    expect(() => insert.run(1, 1, '{not json', 'now')).toThrow(/CHECK/);
    expect(() => insert.run(1, 1, '[1,2]', 'now')).toThrow(/CHECK/);
    expect(() => insert.run(2, 1, '{}', 'now')).toThrow(/CHECK/);
    expect(() => insert.run(1, 0, '{}', 'now')).toThrow(/CHECK/);
    expect(() => insert.run(1, 'one', '{}', 'now')).toThrow(/cannot store TEXT value in INTEGER column/);
    insert.run(1, 1, '{}', 'now');
    expect(() => insert.run(1, 1, '{}', 'now')).toThrow(/UNIQUE|PRIMARY/);
  });
});

describe('the shared lists mirror the readers module', () => {
  it('has the same roles, parities and terminators', () => {
    expect([...readerRoles].sort()).toEqual([...mainRoles].sort());
    expect([...serialParities]).toEqual([...mainParities]);
    expect([...lineTerminators]).toEqual([...mainTerminators]);
  });
});

describe('checkHardwareSettings', () => {
  it('accepts the defaults: one simulated door reader and a simulated relay', () => {
    const resolved = defaultResolvedHardware();
    expect(resolved.readers).toEqual([expect.objectContaining({ id: 'door-reader', kind: 'simulated', role: 'door', profileId: 'dk-health-card' })]);
    expect(resolved.relay).toEqual({ kind: 'simulated', channels: 1 });
    expect(resolved.door).toMatchObject({ channel: 1, lockType: 'fail-secure', pulseMs: 5000, heldOpenMs: 30_000, feedTimeoutMs: 10_000 });
  });

  it('validates readers with the readers’ own schema and points at the field', () => {
    const found = issues(
      settingsWith({
        readers: [
          { id: 'a', kind: 'serial', role: 'door', profileId: 'dk-health-card', path: '/dev/ttyACM0', stripPrefix: 'zz', baudRate: 10 },
          { id: 'a', kind: 'hid', role: 'kiosk', profileId: 'no-such-profile' },
          { id: 'bad id!', kind: 'wedge', role: 'desk', profileId: 'library-card-barcode', path: '/dev/x' },
        ],
      }),
    );
    const byPath = Object.fromEntries(found.map((i) => [i.path, i.message]));
    expect(byPath['readers.0.stripPrefix']).toBe('hardware.error.hex');
    expect(byPath['readers.0.baudRate']).toMatch(/50/);
    expect(byPath['readers.1.path']).toBe('hardware.error.hidTarget');
    expect(byPath['readers.1.profileId']).toBe('hardware.error.unknownProfile');
    expect(byPath['readers.2.id']).toBe('hardware.error.idChars');
    expect(Object.keys(byPath)).toContain('readers.2');
  });

  it('reports a duplicate reader id', () => {
    const reader = { id: 'same', kind: 'simulated' as const, role: 'door' as const, profileId: 'dk-health-card' };
    expect(issues(settingsWith({ readers: [reader, reader] }))).toEqual([{ path: 'readers.1.id', message: 'hardware.error.duplicateId' }]);
  });

  it('gives zod’s own messages in the terminal language', () => {
    const reader = { id: 'r', kind: 'serial' as const, role: 'door' as const, profileId: 'dk-health-card', path: '/dev/x', baudRate: 10 };
    const da = issues(settingsWith({ readers: [reader] }), 'da').find((i) => i.path === 'readers.0.baudRate');
    const en = issues(settingsWith({ readers: [reader] }), 'en').find((i) => i.path === 'readers.0.baudRate');
    expect(da?.message).not.toBe(en?.message);
    expect(da?.message).toMatch(/50/);
  });

  it('validates the relay and the door, naming the technician’s fields', () => {
    expect(issues(settingsWith({ relay: { kind: 'lcus', port: { path: '' }, channels: 2 } })).map((i) => i.path)).toEqual(['relay.port.path']);
    expect(issues(settingsWith({ relay: { kind: 'kmtronic', port: { path: '/dev/x', parity: 'mark' } } })).map((i) => i.path)).toEqual(['relay.port.parity']);
    expect(issues(settingsWith({ door: { ...defaultHardwareSettings.door, openTimeMs: 50 } })).map((i) => i.path)).toEqual(['door.openTimeMs']);
    expect(issues(settingsWith({ door: { ...defaultHardwareSettings.door, heldOpenAlarmSeconds: 0 } })).map((i) => i.path)).toEqual([
      'door.heldOpenAlarmSeconds',
    ]);
  });

  it('refuses a door channel the board does not have', () => {
    const found = issues(settingsWith({ relay: { kind: 'lcus', port: { path: '/dev/ttyUSB0' } }, door: { ...defaultHardwareSettings.door, channel: 2 } }));
    expect(found).toEqual([{ path: 'door.channel', message: 'hardware.error.channelOutOfRange' }]);
  });

  it('allows no relay at all (a desk terminal)', () => {
    const checked = checkHardwareSettings(settingsWith({ relay: null }), 'en');
    expect(checked.ok && checked.value.door).toBeNull();
  });

  it('checks opening hours: times, order, overlaps, dates', () => {
    const found = issues(
      settingsWith({
        openingHours: {
          weekly: {
            ...defaultHardwareSettings.openingHours.weekly,
            mon: [{ from: '8:00', to: '12:00' }],
            tue: [{ from: '12:00', to: '09:00' }],
            wed: [
              { from: '08:00', to: '12:00' },
              { from: '11:00', to: '14:00' },
            ],
          },
          exceptions: [
            { date: '2026-12-24', intervals: [] },
            { date: '2026-12-24', intervals: [] },
            { date: '2026-02-30', intervals: [] },
          ],
        },
      }),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        { path: 'openingHours.weekly.mon.0.from', message: 'hardware.error.time' },
        { path: 'openingHours.weekly.tue.0.to', message: 'hardware.error.intervalOrder' },
        { path: 'openingHours.weekly.wed.1.from', message: 'hardware.error.intervalOverlap' },
        { path: 'openingHours.exceptions.1.date', message: 'hardware.error.duplicateDate' },
        { path: 'openingHours.exceptions.2.date', message: 'hardware.error.date' },
      ]),
    );
    // Closing at midnight is allowed; a closed day is an empty list.
    const ok = checkHardwareSettings(
      settingsWith({ openingHours: { weekly: { ...defaultHardwareSettings.openingHours.weekly, sun: [], sat: [{ from: '18:00', to: '24:00' }] }, exceptions: [] } }),
      'en',
    );
    expect(ok.ok).toBe(true);
  });

  it('has a message in every language for every key it can give', () => {
    const translator = createTranslator();
    const keys = [
      'hardware.error.hex', 'hardware.error.idChars', 'hardware.error.hidTarget', 'hardware.error.frameLength', 'hardware.error.duplicateId',
      'hardware.error.reconnect', 'hardware.error.coilRange', 'hardware.error.doorTiming', 'hardware.error.unknownProfile',
      'hardware.error.channelOutOfRange', 'hardware.error.time', 'hardware.error.intervalOrder', 'hardware.error.intervalOverlap',
      'hardware.error.date', 'hardware.error.duplicateDate', 'hardware.import.notJson', 'hardware.import.wrongFormat',
      'hardware.import.wrongVersion', 'hardware.import.invalid',
    ];
    for (const key of keys) expect(translator.isKey(key), key).toBe(true);
  });
});

describe('HardwareSettingsStore', () => {
  it('keeps nothing on a fresh terminal, then what was written', () => {
    const db = new Sqlite(':memory:');
    migrate(db, migrations);
    const store = new HardwareSettingsStore(db, () => new Date('2026-11-25T10:00:00Z'));
    expect(store.readRaw()).toBeUndefined();
    const settings = settingsWith({ relay: null });
    store.write(settings);
    store.write({ ...settings, readers: [] });
    expect(store.readRaw()).toEqual({ ...settings, readers: [] });
    expect(db.prepare('SELECT count(*) AS n, max(updated_at) AS at FROM hardware_settings').get()).toEqual({ n: 1, at: '2026-11-25T10:00:00.000Z' });
  });
});

describe('settings file', () => {
  it('exports an envelope that reads back', () => {
    const file = exportSettingsFile(defaultHardwareSettings, new Date('2026-11-25T10:00:00Z'), 'Door 1');
    expect(file.fileName).toBe('lanedisk-hardware-2026-11-25.json');
    const json = JSON.parse(file.text) as Record<string, unknown>;
    expect(json).toMatchObject({ format: 'lanedisk-hardware-settings', version: 1, terminal: 'Door 1', settings: defaultHardwareSettings });
    expect(readSettingsFile(file.text, 'en')).toEqual({ ok: true, settings: defaultHardwareSettings });
  });

  it('says clearly what is wrong with a file that is not one', () => {
    expect(readSettingsFile('{"readers": [', 'en')).toEqual({ ok: false, code: 'hardware.import.notJson' });
    expect(readSettingsFile('[1, 2]', 'en')).toEqual({ ok: false, code: 'hardware.import.wrongFormat' });
    expect(readSettingsFile(JSON.stringify({ readers: [] }), 'en')).toEqual({ ok: false, code: 'hardware.import.wrongFormat' });
    expect(readSettingsFile(JSON.stringify({ format: 'lanedisk-hardware-settings', version: 2, settings: {} }), 'en')).toEqual({
      ok: false,
      code: 'hardware.import.wrongVersion',
    });
    expect(readSettingsFile(JSON.stringify({ format: 'lanedisk-hardware-settings', version: 1, exportedAt: 5, settings: {} }), 'en')).toMatchObject({
      ok: false,
      code: 'hardware.import.invalid',
      issues: [{ path: 'exportedAt' }],
    });
  });
});

describe('what the technician view sees of a read', () => {
  const profile = findBuiltinProfile('dk-health-card')!;

  it('masks identity numbers in the credential and digit runs in raw frames', () => {
    const decoded = decodeWithProfile(profile, { type: 'text', text: healthCard }, { today: '2026-11-25' });
    if (!decoded.ok) throw new Error(decoded.reason);
    const view = viewOfRead(decoded);
    expect(view.credential).toEqual({ kind: 'identity', value: '150385-****', identityKind: 'dk-cpr' });
    expect(JSON.stringify(view)).not.toContain('1503851004');

    const raw = maskRawFrame(new Uint8Array(Buffer.from(`${healthCard}\r`, 'latin1')));
    expect(raw.length).toBe(healthCard.length + 1);
    expect(raw.hex.startsWith('3B **')).toBe(true);
    expect(raw.hex.endsWith('3F 0D')).toBe(true);
    expect(raw.text).toBe(`;${'•'.repeat(37)}?␍`);
    // Short digit runs (a track number, a length) stay readable.
    expect(maskRawFrame(Uint8Array.of(0x02, 0x31, 0x32, 0x03)).hex).toBe('02 31 32 03');
  });
});
