import { z } from 'zod';
import type { Language } from '../vocabulary';
import { scheduleStateAt, type Schedule } from './schedule';

/**
 * The open library as a building (issue 14): relay outputs that follow the self-service schedule, closing
 * announcements, the occupancy estimate and the lock-up sequence. Pure: the settings' schema and what each output
 * should be at an instant. The terminal's service (src/main/door/building) drives the relays and keeps the state.
 */

/** What a relay channel switches. The alarm system is *armed* while its output is on. */
export const buildingFunctions = ['lights', 'public-address', 'public-computers', 'alarm-arm'] as const;
export type BuildingFunction = (typeof buildingFunctions)[number];

const MAX_OFFSET_MINUTES = 240;

export const BuildingOutputSchema = z
  .object({
    function: z.enum(buildingFunctions),
    /** Relay channel (1-based) on the door's relay board. */
    channel: z.number().int().min(1).max(64),
    /** Switched this many minutes before the self-service hours open (lights on, computers on, alarm disarmed). */
    beforeOpeningMinutes: z.number().int().min(0).max(MAX_OFFSET_MINUTES).default(0),
    /** …and this many minutes after they close, unless the lock-up sequence switched it earlier. */
    afterClosingMinutes: z.number().int().min(0).max(MAX_OFFSET_MINUTES).default(0),
  })
  .strict();
export type BuildingOutput = z.output<typeof BuildingOutputSchema>;

/** Closing announcements' default times: 15, 10 and 5 minutes before the end, and at the end. */
export const defaultAnnouncementMinutes = [15, 10, 5, 0];

const AnnouncementTextSchema = z.string().trim().min(1).max(500);

export const BuildingSettingsSchema = z
  .object({
    outputs: z.array(BuildingOutputSchema).max(16).default([]),
    announcements: z
      .object({
        enabled: z.boolean().default(true),
        /** Minutes before the end of the unstaffed hours; 0 = at the end. */
        minutesBefore: z.array(z.number().int().min(0).max(120)).max(8).default(defaultAnnouncementMinutes),
        /** How long the PA amplifier stays on for one announcement. */
        paSeconds: z.number().int().min(3).max(120).default(20),
        /** The site's own wording per language; unset: the built-in text (`door.building.announce.*`). {{minutes}} is replaced. */
        texts: z.object({ sv: AnnouncementTextSchema.optional(), da: AnnouncementTextSchema.optional(), en: AnnouncementTextSchema.optional() }).strict().default({}),
      })
      .strict()
      .prefault({}),
    lockUp: z
      .object({
        enabled: z.boolean().default(true),
        /** Time between the steps (people leave after the lights warning). */
        stepSeconds: z.number().int().min(1).max(900).default(60),
        /** How long the lights are off in the warning flick. */
        warningOffSeconds: z.number().int().min(1).max(30).default(3),
        /** People still counted inside at lock-up: staff get an alarm and lock-up waits at most this long. */
        occupancyGraceMinutes: z.number().int().min(0).max(120).default(10),
      })
      .strict()
      .prefault({}),
    occupancy: z
      .object({
        /** Exits: 'input' = an exit button or sensor on the relay board's input; 'contact' = the door contact opening while locked (free exit). */
        exits: z.enum(['none', 'input', 'contact']).default('none'),
        /** With 'input': the board's input address (0-based, as for the door contact). */
        exitInput: z.number().int().min(0).max(65_535).default(1),
        /** The input level that means someone is passing. */
        exitActiveLevel: z.enum(['on', 'off']).default('on'),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((s, ctx) => {
    const seen = new Map<number, number>();
    s.outputs.forEach((o, i) => {
      if (seen.has(o.channel)) ctx.addIssue({ code: 'custom', message: 'door.building.error.channelTwice', path: ['outputs', i, 'channel'] });
      seen.set(o.channel, i);
    });
  });
export type BuildingSettings = z.output<typeof BuildingSettingsSchema>;
export type BuildingSettingsInput = z.input<typeof BuildingSettingsSchema>;
export const defaultBuildingSettings: BuildingSettings = BuildingSettingsSchema.parse({});

/**
 * Whether `instant` lies in an opening widened by the offsets: [opens − before, closes + after). Exact with
 * scheduleStateAt alone: closed at t, the window holds t when the next opening starts within `before`, or an opening
 * ran within the last `after` (open at t − after, or opening between t − after and t).
 */
export function inOpeningWindow(schedule: Schedule, instant: number, beforeMs: number, afterMs: number): boolean {
  const now = scheduleStateAt(schedule, instant);
  if (now.open) return true;
  if (now.opensAt && now.opensAt.getTime() - beforeMs <= instant) return true;
  if (afterMs <= 0) return false;
  const earlier = scheduleStateAt(schedule, instant - afterMs);
  return earlier.open || (earlier.opensAt !== undefined && earlier.opensAt.getTime() < instant);
}

/**
 * What an output should be at `instant` by the schedule alone: lights and public computers on within their window,
 * the alarm armed outside it, the PA off (it is on only while an announcement plays).
 */
export function scheduledOutputState(schedule: Schedule, output: BuildingOutput, instant: number): boolean {
  if (output.function === 'public-address') return false;
  const window = inOpeningWindow(schedule, instant, output.beforeOpeningMinutes * 60_000, output.afterClosingMinutes * 60_000);
  return output.function === 'alarm-arm' ? !window : window;
}

export interface DueAnnouncement {
  /** Minutes before the end (0 = the end itself). */
  minutesBefore: number;
  /** When it was due. */
  at: number;
  /** The end of the unstaffed hours it announces. */
  closesAt: number;
}

/**
 * The latest closing announcement due in (from, to]: the one `minutesBefore` before an opening's end, if the
 * opening had begun by then (a short opening gets only the announcements that fit). Both instants' openings are
 * looked at, so a tick across the end still finds the "closed now" one.
 */
export function dueAnnouncement(schedule: Schedule, minutesBefore: readonly number[], from: number, to: number): DueAnnouncement | undefined {
  if (!(to > from)) return undefined;
  const closings = new Set<number>();
  for (const t of [from, to]) {
    const state = scheduleStateAt(schedule, t);
    if (state.open && state.closesAt) closings.add(state.closesAt.getTime());
  }
  let best: DueAnnouncement | undefined;
  for (const closesAt of closings) {
    for (const m of minutesBefore) {
      const at = closesAt - m * 60_000;
      if (at <= from || at > to) continue;
      // The opening that ends at closesAt must already be running at `at` (just before it, for the end itself).
      const state = scheduleStateAt(schedule, m === 0 ? at - 1 : at);
      if (!state.open || state.closesAt?.getTime() !== closesAt) continue;
      if (!best || at > best.at) best = { minutesBefore: m, at, closesAt };
    }
  }
  return best;
}

/** The lock-up sequence's steps, in order. */
export const lockUpSteps = ['last-announcement', 'lights-warning', 'occupancy-check', 'lights-off', 'door-locked', 'alarm-armed', 'done'] as const;
export type LockUpStep = (typeof lockUpSteps)[number];
export const lockUpStatuses = ['pending', 'running', 'waiting-occupancy', 'delayed', 'done', 'cancelled'] as const;
export type LockUpStatus = (typeof lockUpStatuses)[number];

/** What the lock-up has done to the building from `step` on: later steps keep what earlier ones set. */
export function lockUpHolds(step: LockUpStep): { lightsOff: boolean; alarmArmed: boolean } {
  const index = lockUpSteps.indexOf(step);
  return { lightsOff: index > lockUpSteps.indexOf('lights-off'), alarmArmed: index > lockUpSteps.indexOf('alarm-armed') };
}

/** The announcement's text: the site's own, else the built-in message, with {{minutes}} filled in. */
export function announcementText(custom: string | undefined, builtIn: string, minutes: number): string {
  return (custom ?? builtIn).replaceAll('{{minutes}}', String(minutes));
}

export type AnnouncementLanguage = Extract<Language, 'sv' | 'da' | 'en'>;

/** The technician screen's view of the building. */
export const BuildingViewSchema = z.object({
  outputs: z.array(z.object({ function: z.enum(buildingFunctions), channel: z.number().int(), on: z.boolean().nullable() })),
  occupancy: z.number().int().min(0),
  lockUp: z.object({ closesAt: z.string(), step: z.enum(lockUpSteps), status: z.enum(lockUpStatuses), nextAt: z.string().nullable() }).nullable(),
  log: z.array(z.object({ at: z.string(), kind: z.string(), detail: z.string() })),
});
export type BuildingView = z.infer<typeof BuildingViewSchema>;

/** The technician's test button, and staff cancelling or delaying tonight's lock-up. */
export const BuildingTestRequestSchema = z.object({ channel: z.number().int().min(1).max(64), on: z.boolean() }).strict();
export const LockUpRequestSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('cancel') }).strict(),
  z.object({ action: z.literal('delay'), minutes: z.number().int().min(1).max(120) }).strict(),
]);
export type LockUpRequest = z.infer<typeof LockUpRequestSchema>;

/** A closing announcement as terminals show and speak it. */
export const AnnouncementSchema = z.object({ text: z.string().max(500), language: z.string().max(8), minutesBefore: z.number().int().min(0) });
