import type { BuildingFunction, BuildingSettings } from '../../../../shared/door/building';

/** The technician's building form (BuildingSettingsForm.tsx) as text fields, and back to settings. */
export const buildingLanguages = ['sv', 'da', 'en'] as const;
type Occupancy = BuildingSettings['occupancy'];
export const exitSources = ['none', 'input', 'contact'] as const satisfies readonly Occupancy['exits'][];

export interface OutputRow {
  function: BuildingFunction;
  channel: string;
  beforeOpeningMinutes: string;
  afterClosingMinutes: string;
}
export interface BuildingForm {
  outputs: OutputRow[];
  announcementsEnabled: boolean;
  minutesBefore: string;
  texts: Record<(typeof buildingLanguages)[number], string>;
  paSeconds: string;
  lockUpEnabled: boolean;
  stepSeconds: string;
  warningOffSeconds: string;
  graceMinutes: string;
  exits: Occupancy['exits'];
  exitInput: string;
  exitActiveLevel: Occupancy['exitActiveLevel'];
}

/** The form for the stored settings: numbers as text. */
export const buildingFormOf = (b: BuildingSettings): BuildingForm => ({
  outputs: b.outputs.map((o) => ({
    function: o.function,
    channel: String(o.channel),
    beforeOpeningMinutes: String(o.beforeOpeningMinutes),
    afterClosingMinutes: String(o.afterClosingMinutes),
  })),
  announcementsEnabled: b.announcements.enabled,
  minutesBefore: b.announcements.minutesBefore.join(', '),
  texts: { sv: b.announcements.texts.sv ?? '', da: b.announcements.texts.da ?? '', en: b.announcements.texts.en ?? '' },
  paSeconds: String(b.announcements.paSeconds),
  lockUpEnabled: b.lockUp.enabled,
  stepSeconds: String(b.lockUp.stepSeconds),
  warningOffSeconds: String(b.lockUp.warningOffSeconds),
  graceMinutes: String(b.lockUp.occupancyGraceMinutes),
  exits: b.occupancy.exits,
  exitInput: String(b.occupancy.exitInput),
  exitActiveLevel: b.occupancy.exitActiveLevel,
});

// Numbers go to main as typed (an empty field as 0); main's schema says what is wrong, on the field it belongs to.
const number = (text: string): number => Number(text.trim() || '0');

/** The settings the form says, on top of the stored ones; unchecked (main checks them with BuildingSettingsSchema). */
export function buildingSettingsOf(form: BuildingForm, current: BuildingSettings): BuildingSettings {
  const texts: BuildingSettings['announcements']['texts'] = {};
  for (const language of buildingLanguages) if (form.texts[language].trim() !== '') texts[language] = form.texts[language];
  return {
    ...current,
    outputs: form.outputs.map((o) => ({
      function: o.function,
      channel: number(o.channel),
      beforeOpeningMinutes: number(o.beforeOpeningMinutes),
      afterClosingMinutes: number(o.afterClosingMinutes),
    })),
    announcements: {
      ...current.announcements,
      enabled: form.announcementsEnabled,
      minutesBefore: form.minutesBefore
        .split(/[\s,;]+/)
        .filter((part) => part !== '')
        .map(Number),
      paSeconds: number(form.paSeconds),
      texts,
    },
    lockUp: {
      ...current.lockUp,
      enabled: form.lockUpEnabled,
      stepSeconds: number(form.stepSeconds),
      warningOffSeconds: number(form.warningOffSeconds),
      occupancyGraceMinutes: number(form.graceMinutes),
    },
    // The input's fields are shown only for exits on an input: otherwise what is stored stays (nothing hidden is refused).
    occupancy:
      form.exits === 'input'
        ? { ...current.occupancy, exits: form.exits, exitInput: number(form.exitInput), exitActiveLevel: form.exitActiveLevel }
        : { ...current.occupancy, exits: form.exits },
  };
}

