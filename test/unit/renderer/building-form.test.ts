import { describe, expect, it } from 'vitest';
import { BuildingSettingsSchema, defaultBuildingSettings } from '../../../src/shared/door/building';
import { issuePath } from '../../../src/shared/validation/issues';

// Loaded as look.test.ts loads the renderer's modules (the renderer is not imported statically from tests).
const { buildingFormOf, buildingSettingsOf } = await import('../../../src/renderer/src/components/door/buildingForm');

const configured = BuildingSettingsSchema.parse({
  outputs: [{ function: 'lights', channel: 2, beforeOpeningMinutes: 10, afterClosingMinutes: 15 }],
  announcements: { minutesBefore: [10, 0], paSeconds: 30, texts: { da: 'Vi lukker om {{minutes}} minutter.' } },
  lockUp: { stepSeconds: 45, warningOffSeconds: 4, occupancyGraceMinutes: 5 },
  occupancy: { exits: 'input', exitInput: 3, exitActiveLevel: 'off' },
});

describe('the technician building form (buildingForm.ts)', () => {
  it('gives back the stored settings unchanged, the PA time, lock-up timing and exit input included', () => {
    expect(buildingSettingsOf(buildingFormOf(configured), configured)).toEqual(configured);
    expect(buildingSettingsOf(buildingFormOf(defaultBuildingSettings), defaultBuildingSettings)).toEqual(defaultBuildingSettings);
    expect(buildingFormOf(configured)).toMatchObject({ paSeconds: '30', stepSeconds: '45', warningOffSeconds: '4', exits: 'input', exitInput: '3', exitActiveLevel: 'off' });
  });

  it('sends what is typed, trimmed, to the schema, and the exit input only for exits on an input', () => {
    const form = { ...buildingFormOf(defaultBuildingSettings), paSeconds: ' 40 ', stepSeconds: '120', warningOffSeconds: '2', exits: 'contact' as const, exitInput: '7' };
    const settings = BuildingSettingsSchema.parse(buildingSettingsOf(form, defaultBuildingSettings));
    expect(settings.announcements.paSeconds).toBe(40);
    expect(settings.lockUp).toEqual({ enabled: true, stepSeconds: 120, warningOffSeconds: 2, occupancyGraceMinutes: 10 });
    // The exit input's fields are hidden unless exits are counted on an input: what is stored stays.
    expect(settings.occupancy).toEqual({ exits: 'contact', exitInput: 1, exitActiveLevel: 'on' });
    const input = buildingSettingsOf({ ...form, exits: 'input', exitInput: '7', exitActiveLevel: 'off' }, defaultBuildingSettings);
    expect(input.occupancy).toEqual({ exits: 'input', exitInput: 7, exitActiveLevel: 'off' });
  });

  it('leaves a wrong value for the schema, which names the field it belongs to (an empty field is 0, a word is not a number)', () => {
    const form = { ...buildingFormOf(defaultBuildingSettings), paSeconds: '', stepSeconds: 'sextio', warningOffSeconds: '31', exits: 'input' as const, exitInput: '-1' };
    const result = BuildingSettingsSchema.safeParse(buildingSettingsOf(form, defaultBuildingSettings));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [issuePath(i), i.code])).toEqual([
      ['announcements.paSeconds', 'too_small'],
      ['lockUp.stepSeconds', 'invalid_type'],
      ['lockUp.warningOffSeconds', 'too_big'],
      ['occupancy.exitInput', 'too_small'],
    ]);
  });
});
