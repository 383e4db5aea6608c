import { z } from 'zod';
import { parseIsoDate } from '../identity/dates';
import type { MessageKey } from '../vocabulary';
import { DoorRulesSettingSchema, defaultDoorRulesSetting } from '../door/rules-setting';
import { BuildingSettingsSchema, defaultBuildingSettings } from '../door/building';
import { KioskSettingSchema, defaultKioskSetting } from '../kiosk/settings';

/**
 * The technician's hardware settings as they cross IPC and sit in a settings file: readers, the door
 * relay, the door and the self-service opening hours.
 *
 * Reader and relay entries are checked here only for shape: the main process validates them with the
 * readers' and relays' own schemas (src/main/hardware/settings.ts), which are the authority. The
 * door and the opening hours are ours alone and are validated fully here.
 */

const key = (k: MessageKey) => k;

// Mirrors of the main-process lists (a unit test keeps them equal): src/shared may not import src/main.
export const readerKinds = ['simulated', 'serial', 'hid', 'wedge'] as const;
export type ReaderKind = (typeof readerKinds)[number];
export const readerRoles = ['door', 'kiosk', 'desk'] as const;
export type ReaderRole = (typeof readerRoles)[number];
export const serialParities = ['none', 'even', 'odd', 'mark', 'space'] as const;
export const lineTerminators = ['cr', 'lf', 'crlf', 'etx', 'none'] as const;
export const relayKinds = ['simulated', 'lcus', 'kmtronic', 'modbus-rtu', 'usb-hid'] as const;
export type RelayKind = (typeof relayKinds)[number];
export const relayParities = ['none', 'even', 'odd'] as const;

const UsbId = z.union([z.number().int(), z.string().max(8)]);

/** One reader; the fields a kind does not use must be left out (the main-process schema is strict). */
export const ReaderSettingSchema = z.object({
  id: z.string().trim().min(1, key('hardware.error.required')).max(64),
  kind: z.enum(readerKinds),
  role: z.enum(readerRoles),
  profileId: z.string().min(1, key('hardware.error.required')).max(64),
  name: z.string().max(100).optional(),
  enabled: z.boolean().optional(),
  // serial
  path: z.string().max(1024).optional(),
  baudRate: z.number().optional(),
  dataBits: z.number().optional(),
  parity: z.string().max(16).optional(),
  stopBits: z.number().optional(),
  terminator: z.union([z.string().max(16), z.object({ custom: z.string().max(64) })]).optional(),
  stripPrefix: z.string().max(64).optional(),
  stripSuffix: z.string().max(64).optional(),
  interByteTimeoutMs: z.number().optional(),
  maxFrameLength: z.number().optional(),
  // hid
  vendorId: UsbId.optional(),
  productId: UsbId.optional(),
  serialNumber: z.string().max(128).optional(),
  usagePage: UsbId.optional(),
  interface: z.number().optional(),
  framing: z.string().max(32).optional(),
  frameLength: z.number().optional(),
  stripReportId: z.boolean().optional(),
  interReportTimeoutMs: z.number().optional(),
  // wedge
  maxGapMs: z.number().optional(),
  minLength: z.number().optional(),
  maxLength: z.number().optional(),
  terminators: z.array(z.string().max(32)).max(8).optional(),
  // simulated
  connected: z.boolean().optional(),
});
export type ReaderSetting = z.infer<typeof ReaderSettingSchema>;

/** The door's relay board; null when this terminal drives no door. */
export const RelaySettingSchema = z.object({
  kind: z.enum(relayKinds),
  channels: z.number().optional(),
  /** Serial boards (LCUS/CH340, KMTronic, Modbus RTU). */
  port: z
    .object({
      path: z.string().max(1024),
      baudRate: z.number().optional(),
      dataBits: z.number().optional(),
      parity: z.string().max(16).optional(),
      stopBits: z.number().optional(),
    })
    .optional(),
  reconnect: z.object({ initialMs: z.number().optional(), maxMs: z.number().optional(), factor: z.number().optional() }).optional(),
  presenceCheckMs: z.number().optional(),
  writeTimeoutMs: z.number().optional(),
  verify: z.boolean().optional(),
  responseTimeoutMs: z.number().optional(),
  slave: z.number().optional(),
  coilBase: z.number().optional(),
  retries: z.number().optional(),
  /** USB HID relay: the board's 5-character id, or a device path. */
  boardId: z.string().max(16).optional(),
  path: z.string().max(1024).optional(),
});
export type RelaySetting = z.infer<typeof RelaySettingSchema>;

export const lockTypes = ['fail-safe', 'fail-secure'] as const;
export const relayContacts = ['normally-open', 'normally-closed'] as const;
export const doorStates = ['locked', 'unlocked'] as const;
/** 'relay-input': a real contact on the relay board's digital input (Modbus RTU Read Discrete Inputs). */
export const doorContactKinds = ['none', 'simulated', 'relay-input'] as const;

/** The door, as a technician sets it (the main process derives the door controller's settings from it). */
export const DoorSettingsSchema = z
  .object({
    /** Relay channel (1-based) the lock is wired to. */
    channel: z.number().int().min(1).max(64),
    /** fail-safe: powered = locked (maglocks); fail-secure: powered = open (motor locks, strikes). */
    lockType: z.enum(lockTypes),
    relayContact: z.enum(relayContacts).default('normally-open'),
    /** What the door falls back to when the software is not in control. */
    safeState: z.enum(doorStates).default('locked'),
    /** How long one admission unlocks the door. */
    openTimeMs: z.number().int().min(100).max(120_000).default(5000),
    /** Door still open this long after relocking raises the held-open alarm. */
    heldOpenAlarmSeconds: z.number().int().min(1).max(3600).default(30),
    /** A door-position contact: none, or a simulated one the technician flips (demo, tests). */
    contact: z.enum(doorContactKinds).default('none'),
    /** With 'relay-input': the board's input address (0-based) the door contact is wired to. */
    contactInput: z.number().int().min(0).max(65_535).default(0),
    /** The input level that means the door is open: 'off' for a normally closed reed switch. */
    contactOpenLevel: z.enum(['on', 'off']).default('off'),
    /** How often the input is read. */
    contactPollMs: z.number().int().min(50).max(5000).default(200),
  })
  .strict();
export type DoorSettings = z.output<typeof DoorSettingsSchema>;

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

const TimeOfDay = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, key('hardware.error.time'));

/** HH:MM to minutes after midnight (24:00 is 1440); NaN for anything else. */
export function minutesOfDay(time: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  return m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
}

export const OpeningIntervalSchema = z
  .object({ from: TimeOfDay, to: TimeOfDay })
  .strict()
  .refine((i) => !(minutesOfDay(i.from) >= minutesOfDay(i.to)), { message: key('hardware.error.intervalOrder'), path: ['to'] });
export type OpeningInterval = z.infer<typeof OpeningIntervalSchema>;

/** One day's open intervals; empty = closed. */
const DaySchema = z
  .array(OpeningIntervalSchema)
  .max(6)
  .superRefine((intervals, ctx) => {
    const sorted = intervals.map((interval, index) => ({ index, from: minutesOfDay(interval.from), to: minutesOfDay(interval.to) })).sort((a, b) => a.from - b.from);
    for (let i = 1; i < sorted.length; i++) {
      const previous = sorted[i - 1];
      const current = sorted[i];
      if (previous && current && current.from < previous.to) {
        ctx.addIssue({ code: 'custom', message: key('hardware.error.intervalOverlap'), path: [current.index, 'from'] });
      }
    }
  });

const IsoDateSchema = z.string().refine((s) => parseIsoDate(s) !== null, { message: key('hardware.error.date') });

export const OpeningExceptionSchema = z
  .object({
    date: IsoDateSchema,
    /** The hours that day instead of the weekly ones; empty = closed all day. */
    intervals: DaySchema,
    note: z.string().max(200).optional(),
  })
  .strict();
export type OpeningException = z.infer<typeof OpeningExceptionSchema>;

/** Self-service opening hours: a weekly schedule plus exceptions by date. Stored here; the door rules come later. */
export const OpeningHoursSchema = z
  .object({
    weekly: z.object(Object.fromEntries(weekdays.map((day) => [day, DaySchema])) as Record<Weekday, typeof DaySchema>).strict(),
    exceptions: z
      .array(OpeningExceptionSchema)
      .max(400)
      .superRefine((list, ctx) => {
        const seen = new Set<string>();
        list.forEach((exception, index) => {
          if (seen.has(exception.date)) ctx.addIssue({ code: 'custom', message: key('hardware.error.duplicateDate'), path: [index, 'date'] });
          seen.add(exception.date);
        });
      }),
  })
  .strict();
export type OpeningHours = z.infer<typeof OpeningHoursSchema>;

/** Receipt printer command sets: ESC/POS (Epson and most others) or StarPRNT (Star). */
export const receiptPrinterLanguages = ['esc-pos', 'star-prnt'] as const;

/** The kiosk's thermal receipt printer on a serial port (USB printers show up as one too). */
export const ReceiptPrinterSettingSchema = z
  .object({
    path: z.string().trim().min(1).max(200),
    baudRate: z.number().int().min(1200).max(921_600).default(9600),
    language: z.enum(receiptPrinterLanguages).default('esc-pos'),
    /** Characters per line: 42 on most 80 mm printers with font A, 32 on 58 mm ones. */
    columns: z.number().int().min(24).max(64).default(42),
  })
  .strict();
export type ReceiptPrinterSetting = z.output<typeof ReceiptPrinterSettingSchema>;

/** RFID pads: FEIG ISO host protocol over serial, or the simulated pad of the demo. */
export const rfidPadKinds = ['feig', 'simulated'] as const;

/** The kiosk's RFID pad for library item tags (ISO 15693, ISO 28560-3 data). */
export const RfidPadSettingSchema = z
  .object({
    kind: z.enum(rfidPadKinds),
    /** The serial port (FEIG readers; USB ones show up as one too). */
    path: z.string().trim().max(200).default(''),
    /** FEIG readers ship at 38400 baud, 8E1. */
    baudRate: z.number().int().min(4800).max(921_600).default(38_400),
    parity: z.enum(['none', 'even', 'odd']).default('even'),
    /** The reader's bus address; 255 reaches any reader. */
    comAdr: z.number().int().min(0).max(255).default(255),
    responseTimeoutMs: z.number().int().min(50).max(10_000).default(1000),
    /** How often the kiosk asks what is on the pad while borrowing or returning. */
    pollMs: z.number().int().min(100).max(10_000).default(500),
    /** Blocks read from block 0: 8 hold the 32-byte ISO 28560-3 basic block, 9 the 34-byte one. */
    blocks: z.number().int().min(8).max(64).default(9),
    /** AFI on the shelf (the gate alarms) and checked out: 0x07 and 0xC2 in ISO 28560 libraries. */
    afiSecured: z.number().int().min(0).max(255).default(0x07),
    afiCheckedOut: z.number().int().min(0).max(255).default(0xc2),
  })
  .strict()
  .refine((pad) => pad.kind !== 'feig' || pad.path.length > 0, { message: key('hardware.error.required'), path: ['path'] })
  .refine((pad) => pad.afiSecured !== pad.afiCheckedOut, { message: key('hardware.rfid.error.afiSame'), path: ['afiCheckedOut'] });
export type RfidPadSetting = z.output<typeof RfidPadSettingSchema>;
export type RfidPadSettingInput = z.input<typeof RfidPadSettingSchema>;

export const HardwareSettingsSchema = z
  .object({
    readers: z.array(ReaderSettingSchema).max(16),
    relay: RelaySettingSchema.nullable(),
    door: DoorSettingsSchema,
    openingHours: OpeningHoursSchema,
    /** The door's rules set here (issue 13); older settings have none: the defaults. */
    doorRules: DoorRulesSettingSchema.default(defaultDoorRulesSetting),
    /** None: receipts are shown on screen (and e-mailed), not printed. */
    printer: ReceiptPrinterSettingSchema.nullable().default(null),
    /** The building's outputs, announcements, lock-up and occupancy (issue 14); older settings have none: the defaults. */
    building: BuildingSettingsSchema.default(defaultBuildingSettings),
    /** The self-check kiosk's settings (the register's policy for the branch wins, src/main/kiosk/settings.ts). */
    kiosk: KioskSettingSchema.default(defaultKioskSetting),
    /** None: items are scanned by barcode only. */
    rfid: RfidPadSettingSchema.nullable().default(null),
  })
  .strict()
  .superRefine((s, ctx) => {
    s.building.outputs.forEach((o, i) => {
      if (s.relay && o.channel === s.door.channel) ctx.addIssue({ code: 'custom', message: 'door.building.error.doorChannel', path: ['building', 'outputs', i, 'channel'] });
    });
  });
export type HardwareSettings = z.output<typeof HardwareSettingsSchema>;
export type HardwareSettingsInput = z.input<typeof HardwareSettingsSchema>;

/** What an exported settings file holds around the settings. */
export const settingsFileFormat = 'lanedisk-hardware-settings';
export const settingsFileVersion = 1;
export const HardwareSettingsFileSchema = z.object({
  format: z.literal(settingsFileFormat),
  version: z.literal(settingsFileVersion),
  exportedAt: z.string().max(64).optional(),
  terminal: z.string().max(200).optional(),
  settings: z.unknown(),
});

const weekday: OpeningInterval[] = [{ from: '08:00', to: '21:00' }];
const weekend: OpeningInterval[] = [{ from: '10:00', to: '16:00' }];

/**
 * A fresh terminal: one simulated door reader and a simulated relay, so the demo works with no
 * hardware attached. A technician replaces them on the technician screen.
 */
export const defaultHardwareSettings: HardwareSettings = {
  // No name: a stored name is shown as typed, in whatever language; screens name an unnamed reader in their own.
  readers: [{ id: 'door-reader', kind: 'simulated', role: 'door', profileId: 'dk-health-card' }],
  relay: { kind: 'simulated', channels: 1 },
  door: {
    channel: 1,
    lockType: 'fail-secure',
    relayContact: 'normally-open',
    safeState: 'locked',
    openTimeMs: 5000,
    heldOpenAlarmSeconds: 30,
    contact: 'simulated',
    contactInput: 0,
    contactOpenLevel: 'off',
    contactPollMs: 200,
  },
  openingHours: {
    weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: weekend, sun: weekend },
    exceptions: [],
  },
  doorRules: defaultDoorRulesSetting,
  printer: null,
  building: defaultBuildingSettings,
  kiosk: defaultKioskSetting,
  rfid: null,
};
