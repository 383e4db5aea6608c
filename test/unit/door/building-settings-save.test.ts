import { afterEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { all, sql } from '../../../src/main/db/sql';
import { BuildingSettingsSchema, defaultBuildingSettings, type BuildingSettingsInput } from '../../../src/shared/door/building';
import { testServices } from '../../helpers/services';

const ctx = { host: 'web' } as const;
let services: AppServices;
afterEach(() => services.close());

async function technician(language: 'sv' | 'da' | 'en' = 'en') {
  services = testServices({ initialConfig: { mode: 'technician', language }, now: () => new Date('2026-11-25T10:00:00Z') });
  const current = services.hardware.current().settings;
  const door = await services.dispatcher.dispatch('hardware.applyDoor', { relay: { kind: 'simulated', channels: 3 }, door: current.door }, ctx);
  expect(door).toMatchObject({ ok: true });
}

const save = (building: BuildingSettingsInput) => services.dispatcher.dispatch('hardware.setBuilding', { building: BuildingSettingsSchema.parse(building) }, ctx);
const saveRaw = (building: unknown) => services.dispatcher.dispatch('hardware.setBuilding', { building }, ctx);
const lights = { function: 'lights', channel: 2, beforeOpeningMinutes: 10, afterClosingMinutes: 15 } as const;

describe('hardware.setBuilding: the technician maps the building’s outputs (issue 14)', () => {
  it('saves the outputs, announcements and grace, applies them to the building view and audits the change', async () => {
    await technician();
    const result = await save({ outputs: [lights], announcements: { minutesBefore: [10, 0], texts: { sv: 'Vi stänger om {{minutes}} minuter.' } }, lockUp: { occupancyGraceMinutes: 5 } });
    expect(result).toMatchObject({ ok: true });
    const building = services.hardware.current().settings.building;
    expect(building.outputs).toEqual([lights]);
    expect(building.announcements).toMatchObject({ minutesBefore: [10, 0], texts: { sv: 'Vi stänger om {{minutes}} minuter.' } });
    expect(building.lockUp.occupancyGraceMinutes).toBe(5);
    expect(await services.dispatcher.dispatch('hardware.building', {}, ctx)).toMatchObject({ ok: true, value: { outputs: [{ function: 'lights', channel: 2 }] } });
    expect(all<{ action: string; details: string }>(services.db, sql`SELECT action, details FROM audit_log WHERE action = 'terminal.building'`)).toEqual([
      { action: 'terminal.building', details: JSON.stringify({ channel: 'hardware.setBuilding', settings: ['building'], config: {} }) },
    ]);
  });

  it('refuses the door’s own channel, a channel used twice and an out-of-range offset on the field, in the terminal’s language, and changes nothing', async () => {
    await technician('sv');
    const door = await save({ outputs: [{ ...lights, channel: 1 }] });
    expect(door).toMatchObject({ ok: false, error: { kind: 'validation', issues: [{ path: 'building.outputs.0.channel', message: 'Kanalen styr dörrens lås.' }] } });
    const twice = await saveRaw({ outputs: [lights, { ...lights, function: 'alarm-arm' }] });
    expect(twice).toMatchObject({ ok: false, error: { kind: 'validation', issues: [{ path: 'building.outputs.1.channel', message: 'Kanalen används redan av en annan utgång.' }] } });
    const range = await saveRaw({ outputs: [{ ...lights, afterClosingMinutes: 500 }] });
    expect(range).toMatchObject({ ok: false, error: { kind: 'validation', issues: [{ path: 'building.outputs.0.afterClosingMinutes' }] } });
    expect(range.ok ? '' : range.error.issues?.[0]?.message).toMatch(/240/);
    expect(services.hardware.current().settings.building).toEqual(defaultBuildingSettings);
    expect(all(services.db, sql`SELECT action FROM audit_log WHERE action = 'terminal.building'`)).toEqual([]);
  });

  it('saves the PA time, the lock-up step timing and the exit input the form now has', async () => {
    await technician();
    const result = await save({
      announcements: { paSeconds: 45 },
      lockUp: { stepSeconds: 90, warningOffSeconds: 5 },
      occupancy: { exits: 'input', exitInput: 3, exitActiveLevel: 'off' },
    });
    expect(result).toMatchObject({ ok: true });
    const building = services.hardware.current().settings.building;
    expect(building.announcements.paSeconds).toBe(45);
    expect(building.lockUp).toEqual({ enabled: true, stepSeconds: 90, warningOffSeconds: 5, occupancyGraceMinutes: 10 });
    expect(building.occupancy).toEqual({ exits: 'input', exitInput: 3, exitActiveLevel: 'off' });
  });

  it('refuses exits counted on the door contact’s own input, and a PA time out of range, on their fields in Danish', async () => {
    await technician('da');
    const current = services.hardware.current().settings;
    const contact = await services.dispatcher.dispatch('hardware.applyDoor', { relay: { kind: 'simulated', channels: 3 }, door: { ...current.door, contact: 'relay-input', contactInput: 2 } }, ctx);
    expect(contact).toMatchObject({ ok: true });
    const same = await save({ occupancy: { exits: 'input', exitInput: 2 } });
    expect(same).toMatchObject({ ok: false, error: { kind: 'validation', issues: [{ path: 'building.occupancy.exitInput', message: 'Dørkontakten sidder på denne indgang.' }] } });
    const pa = await saveRaw({ announcements: { paSeconds: 1 } });
    expect(pa).toMatchObject({ ok: false, error: { kind: 'validation', issues: [{ path: 'building.announcements.paSeconds' }] } });
    expect(pa.ok ? '' : pa.error.issues?.[0]?.message).toMatch(/3/);
    // Another input is fine.
    expect(await save({ occupancy: { exits: 'input', exitInput: 4 } })).toMatchObject({ ok: true });
  });
});
