import { z } from 'zod';
import {
  DoorSettingsSchema,
  HardwareSettingsSchema,
  OpeningHoursSchema,
  ReaderSettingSchema,
  ReceiptPrinterSettingSchema,
  RfidPadSettingSchema,
  RelaySettingSchema,
  doorStates,
  readerRoles,
} from '../../hardware/settings';
import { doorPolicySources } from '../../door/access-policy';
import { DoorRulesSettingSchema } from '../../door/rules-setting';
import { KioskSettingSchema, kioskSettingSources } from '../../kiosk/settings';
import { DoorOverrideRequestSchema, DoorOverrideViewSchema } from '../../door/override';
import { BuildingSettingsSchema, BuildingTestRequestSchema, BuildingViewSchema, LockUpRequestSchema } from '../../door/building';
import { Empty, type ChannelDef } from './common';
import type { hardwareChannels, hardwareEvents } from './hardware.channels';

export const SerialPortInfoSchema = z.object({
  path: z.string(),
  manufacturer: z.string().optional(),
  serialNumber: z.string().optional(),
  vendorId: z.string().optional(),
  productId: z.string().optional(),
});
export type SerialPortInfo = z.infer<typeof SerialPortInfoSchema>;

/** A serial port or HID device as discovery classifies it (src/main/hardware/discovery). */
export const DiscoveredDeviceSchema = z.object({
  id: z.string(),
  transport: z.enum(['serial', 'hid']),
  path: z.string(),
  vendorId: z.number().int().optional(),
  productId: z.number().int().optional(),
  name: z.string().optional(),
  manufacturer: z.string().optional(),
  serialNumber: z.string().optional(),
  usagePage: z.number().int().optional(),
  interface: z.number().int().optional(),
  /** e.g. 'magtek-card-reader', 'usb-hid-relay', 'ch340-serial', 'unknown'. */
  kind: z.string(),
  /** English label from discovery; the screen shows a translated one by kind when it has it. */
  label: z.string(),
  use: z.enum(['card-reader', 'relay', 'serial-adapter', 'unknown']),
  relayChannels: z.number().int().optional(),
});
export type DiscoveredDeviceInfo = z.infer<typeof DiscoveredDeviceSchema>;

export const DecodingProfileSummarySchema = z.object({ id: z.string(), label: z.string(), kind: z.string() });
export type DecodingProfileSummary = z.infer<typeof DecodingProfileSummarySchema>;

export const deviceStatuses = ['connected', 'disconnected', 'error'] as const;
export const DeviceStatusSchema = z.enum(deviceStatuses);
export type DeviceStatus = z.infer<typeof DeviceStatusSchema>;

export const ReaderStateSchema = z.object({
  id: z.string(),
  kind: z.string(),
  role: z.enum(readerRoles),
  profileId: z.string(),
  name: z.string().optional(),
  enabled: z.boolean(),
  status: DeviceStatusSchema,
});
export type ReaderState = z.infer<typeof ReaderStateSchema>;

export const doorAlarms = ['held-open', 'forced', 'watchdog'] as const;
export const DoorAlarmSchema = z.enum(doorAlarms);

export const HardwareStatusSchema = z.object({
  readers: z.array(ReaderStateSchema),
  relay: z.object({ kind: z.string(), channels: z.number().int(), status: DeviceStatusSchema }).nullable(),
  door: z.object({ state: z.enum(doorStates), armed: z.boolean(), alarms: z.array(DoorAlarmSchema) }).nullable(),
});
export type HardwareStatus = z.infer<typeof HardwareStatusSchema>;

/** A credential as the technician view may see it: identity numbers masked, never the raw read. */
export const ViewCredentialSchema = z.object({
  kind: z.string(),
  value: z.string(),
  identityKind: z.string().optional(),
});

const At = z.string();

export const hardwareContract = {
  'hardware.listSerialPorts': { request: Empty, response: z.array(SerialPortInfoSchema) },
  'hardware.discover': {
    request: z.object({ refresh: z.boolean().default(false) }).strict(),
    response: z.array(DiscoveredDeviceSchema),
  },
  'hardware.profiles': { request: Empty, response: z.array(DecodingProfileSummarySchema) },
  'hardware.getSettings': { request: Empty, response: HardwareSettingsSchema },
  'hardware.applyReaders': {
    request: z.object({ readers: z.array(ReaderSettingSchema).max(16) }).strict(),
    response: HardwareSettingsSchema,
  },
  'hardware.applyDoor': {
    request: z.object({ relay: RelaySettingSchema.nullable(), door: DoorSettingsSchema }).strict(),
    response: HardwareSettingsSchema,
  },
  'hardware.setOpeningHours': { request: z.object({ openingHours: OpeningHoursSchema }).strict(), response: HardwareSettingsSchema },
  /** The door's rules set on the technician screen (used where the register sends no access policy). */
  'hardware.setDoorRules': { request: z.object({ doorRules: DoorRulesSettingSchema }).strict(), response: HardwareSettingsSchema },
  'hardware.applyPrinter': { request: z.object({ printer: ReceiptPrinterSettingSchema.nullable() }).strict(), response: HardwareSettingsSchema },
  /** The kiosk's settings set on the technician screen (used where the register's policy carries none). */
  'hardware.setKioskSettings': { request: z.object({ kiosk: KioskSettingSchema }).strict(), response: HardwareSettingsSchema },
  /** Where the kiosk's settings in force come from: the register's policy for the branch or library (wins), or these. */
  'hardware.kioskSettingSource': { request: Empty, response: z.object({ source: z.enum(kioskSettingSources), scopeId: z.string().nullable() }) },
  'hardware.applyRfid': { request: z.object({ rfid: RfidPadSettingSchema.nullable() }).strict(), response: HardwareSettingsSchema },
  /** What is on the RFID pad now (the technician's test): each tag's UID and, where it holds one, its item. */
  'hardware.testRfid': {
    request: Empty,
    response: z.object({
      tags: z.array(
        z.object({ uid: z.string(), itemId: z.string().nullable(), partNumber: z.number().int(), partsInSet: z.number().int(), afi: z.number().int().optional() }),
      ),
    }),
  },
  /** The simulated pad (demo, bench) holds exactly these items' tags from now on. */
  'hardware.simulateRfid': {
    request: z.object({ itemIds: z.array(z.string().trim().min(1, 'hardware.error.required').max(64)).max(20) }).strict(),
    response: z.null(),
  },
  'hardware.exportSettings': { request: Empty, response: z.object({ fileName: z.string(), text: z.string() }) },
  'hardware.importSettings': {
    request: z.object({ text: z.string().max(512 * 1024) }).strict(),
    response: HardwareSettingsSchema,
  },
  'hardware.status': { request: Empty, response: HardwareStatusSchema },
  'hardware.testPulse': { request: Empty, response: z.object({ openMs: z.number().int() }) },
  /** The staff override in force on this door (issue 13), or null. */
  'hardware.doorOverride': { request: Empty, response: DoorOverrideViewSchema },
  /** Open once, hold open or lock down until a time, or end the override; audited with the signed-in staff member. */
  'hardware.setDoorOverride': { request: DoorOverrideRequestSchema, response: DoorOverrideViewSchema },
  'hardware.keystroke': {
    request: z
      .object({
        key: z.string().min(1).max(32),
        timeMs: z.number().finite().nonnegative(),
        readerId: z.string().max(64).optional(),
      })
      .strict(),
    response: z.null(),
  },
  'hardware.simulateCard': {
    request: z
      .object({ readerId: z.string().min(1).max(64), text: z.string().min(1, 'hardware.error.required').max(4096) })
      .strict(),
    response: z.null(),
  },
  'hardware.simulateDevice': {
    request: z
      .discriminatedUnion('target', [
        z.object({ target: z.literal('reader'), readerId: z.string().min(1).max(64), connected: z.boolean() }).strict(),
        z.object({ target: z.literal('relay'), connected: z.boolean() }).strict(),
      ]),
    response: z.null(),
  },
  'hardware.simulateDoorContact': { request: z.object({ state: z.enum(['open', 'closed']) }).strict(), response: z.null() },
  /** Where the door's rules come from: the register's access policy (wins) or these local settings; null without a door. */
  'hardware.doorPolicy': {
    request: Empty,
    response: z
      .object({ branchId: z.string(), source: z.enum(doorPolicySources), scopeId: z.string().nullable(), version: z.number().int().nullable(), updatedAt: z.string().nullable() })
      .nullable(),
  },
  /** The building (issue 14): outputs, occupancy estimate, lock-up and log; null on a terminal without it. */
  'hardware.building': { request: Empty, response: BuildingViewSchema.nullable() },
  /** The technician's test of one output (ten seconds, then back to the schedule); logged. */
  'hardware.testBuildingOutput': { request: BuildingTestRequestSchema, response: BuildingViewSchema },
  /** Staff cancel or delay tonight's lock-up; logged with who. */
  'hardware.setLockUp': { request: LockUpRequestSchema, response: BuildingViewSchema },
  /** The building's outputs, announcements and lock-up set on the technician screen (issue 14). */
  'hardware.setBuilding': { request: z.object({ building: BuildingSettingsSchema }).strict(), response: HardwareSettingsSchema },
} as const satisfies Record<(typeof hardwareChannels)[number], ChannelDef>;

export const hardwareEventContract = {
  /** What a reader sent, as hex; runs of digits (identity and card numbers) are masked. */
  'hardware.raw': z.object({ readerId: z.string(), hex: z.string(), text: z.string(), length: z.number().int(), at: At }),
  'hardware.read': z.object({
    readerId: z.string(),
    role: z.enum(readerRoles),
    profileId: z.string(),
    credential: ViewCredentialSchema,
    /** Cardholder initials when the card carries a name. */
    initials: z.string().optional(),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    warnings: z.array(z.string()),
    /** For a door reader: the access decision and whether the door opened. */
    access: z
      .object({ allowed: z.boolean(), reason: z.string().optional(), opened: z.boolean(), failure: z.string().optional() })
      .optional(),
    at: At,
  }),
  'hardware.readError': z.object({ readerId: z.string(), reason: z.string(), detail: z.string().optional(), at: At }),
  'hardware.readerStatus': z.object({ readerId: z.string(), status: DeviceStatusSchema, at: At }),
  'hardware.relayStatus': z.object({ status: DeviceStatusSchema, error: z.string().optional(), at: At }),
  'hardware.device': z.object({ type: z.enum(['added', 'removed']), device: DiscoveredDeviceSchema, at: At }),
  'hardware.door': z.object({ state: z.enum(doorStates), cause: z.string(), at: At }),
  'hardware.doorAlarm': z.object({ alarm: DoorAlarmSchema, active: z.boolean(), reason: z.string().optional(), at: At }),
  'hardware.settingsChanged': HardwareSettingsSchema,
} as const satisfies Record<(typeof hardwareEvents)[number], z.ZodType>;
