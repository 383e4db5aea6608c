import type { Database } from 'better-sqlite3';
import { type z } from 'zod';
import { defaultProfileId, findBuiltinProfile } from '../../shared/cards';
import type { IdentityCountry } from '../../shared/identity/types';
import {
  HardwareSettingsFileSchema,
  HardwareSettingsSchema,
  defaultHardwareSettings,
  settingsFileFormat,
  settingsFileVersion,
  type HardwareSettings,
} from '../../shared/hardware/settings';
import type { MessageKey } from '../../shared/i18n/resources';
import type { Language } from '../../shared/ipc/contract';
import type { FieldIssue } from '../../shared/result';
import { get, run, sql } from '../db/sql';
import { localizedZodErrors } from '../ipc/translator';
import { doorConfigSchema, type DoorConfig } from './door';
import { ReaderConfigListSchema, type ReaderConfig } from './readers';
import { relayConfigSchema, type RelayConfig } from './relays';

/** Settings checked by every schema, with what the hardware modules run on. */
export interface ResolvedHardware {
  /** As the technician wrote them (stored and exported like this). */
  settings: HardwareSettings;
  readers: ReaderConfig[];
  relay: RelayConfig | null;
  /** Null when there is no relay. */
  door: DoorConfig | null;
}

export type SettingsCheck = { ok: true; value: ResolvedHardware } | { ok: false; issues: FieldIssue[] };

/** The door service feeds the door's watchdog this often; the watchdog trips after feedTimeoutMs without. */
export const doorFeedIntervalMs = 2000;
const doorFeedTimeoutMs = 10_000;

const zodErrorMap = localizedZodErrors;

/**
 * The readers', relays' and door's schemas have English messages for their own rules; these are the
 * ones a technician can hit from the screen or a settings file, as message keys in every language.
 */
const customMessages: [RegExp, MessageKey][] = [
  [/^expected hex bytes/, 'hardware.error.hex'],
  [/^letters, digits/, 'hardware.error.idChars'],
  [/^give a device path, or a vendorId and productId/, 'hardware.error.hidTarget'],
  [/^fixed-length framing needs frameLength/, 'hardware.error.frameLength'],
  [/^duplicate reader id/, 'hardware.error.duplicateId'],
  [/^maxMs must be at least initialMs/, 'hardware.error.reconnect'],
  [/^coilBase \+ channels/, 'hardware.error.coilRange'],
  [/^(?:maxPulseMs|maxUnlockedMs|feedTimeoutMs) must/, 'hardware.error.doorTiming'],
];

function localized(message: string): string {
  for (const [pattern, code] of customMessages) if (pattern.test(message)) return code;
  return message;
}

function issuesOf(error: z.ZodError, prefix: (string | number)[], rename: (path: (string | number)[]) => (string | number)[] = (p) => p): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...rename(issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)))].join('.'),
    message: localized(issue.message),
  }));
}

/** The door controller's settings from the technician's door settings. */
function doorConfigInput(settings: HardwareSettings['door']) {
  const maxPulseMs = Math.max(30_000, settings.openTimeMs);
  return {
    channel: settings.channel,
    lockType: settings.lockType,
    relayContact: settings.relayContact,
    safeState: settings.safeState,
    pulseMs: settings.openTimeMs,
    maxPulseMs,
    maxUnlockedMs: Math.max(120_000, maxPulseMs),
    feedTimeoutMs: doorFeedTimeoutMs,
    watchdogIntervalMs: 1000,
    heldOpenMs: settings.heldOpenAlarmSeconds * 1000,
  };
}

const doorFieldNames: Record<string, string> = { pulseMs: 'openTimeMs', heldOpenMs: 'heldOpenAlarmSeconds' };

/** How many channels the configured board has (a USB HID board without a count: up to 8, known once found). */
function relayChannels(relay: RelayConfig): number {
  return relay.kind === 'usb-hid' ? (relay.channels ?? 8) : relay.channels;
}

/**
 * Validates settings from the screen or a file with every schema involved, all or nothing.
 * Issue paths point into the settings (`readers.0.baudRate`, `relay.port.path`, `door.channel`);
 * messages are message keys or zod's text in `language`.
 */
export function checkHardwareSettings(input: unknown, language: Language): SettingsCheck {
  const error = zodErrorMap(language);
  const shape = HardwareSettingsSchema.safeParse(input, { error });
  if (!shape.success) return { ok: false, issues: issuesOf(shape.error, []) };
  const settings = shape.data;
  const issues: FieldIssue[] = [];

  const readers = ReaderConfigListSchema.safeParse(settings.readers, { error });
  if (!readers.success) issues.push(...issuesOf(readers.error, ['readers']));
  settings.readers.forEach((reader, index) => {
    if (!findBuiltinProfile(reader.profileId)) issues.push({ path: `readers.${index}.profileId`, message: 'hardware.error.unknownProfile' });
  });

  let relay: RelayConfig | null = null;
  let door: DoorConfig | null = null;
  if (settings.relay) {
    const parsedRelay = relayConfigSchema.safeParse(settings.relay, { error });
    if (parsedRelay.success) relay = parsedRelay.data;
    else issues.push(...issuesOf(parsedRelay.error, ['relay']));
    const parsedDoor = doorConfigSchema.safeParse(doorConfigInput(settings.door), { error });
    if (parsedDoor.success) door = parsedDoor.data;
    else issues.push(...issuesOf(parsedDoor.error, ['door'], (path) => path.map((p) => (typeof p === 'string' ? (doorFieldNames[p] ?? p) : p))));
    if (relay && door && door.channel > relayChannels(relay)) {
      issues.push({ path: 'door.channel', message: 'hardware.error.channelOutOfRange' });
    }
    // Exits counted on the door contact's own input would count every opening of the door as someone leaving.
    const { occupancy } = settings.building;
    if (settings.door.contact === 'relay-input' && occupancy.exits === 'input' && occupancy.exitInput === settings.door.contactInput) {
      issues.push({ path: 'building.occupancy.exitInput', message: 'door.building.error.exitIsContact' });
    }
  }

  if (issues.length > 0 || !readers.success) return { ok: false, issues };
  return { ok: true, value: { settings, readers: readers.data, relay, door } };
}

/** The settings of a terminal nobody has configured yet; its door reader decodes the country's usual card. */
export function defaultResolvedHardware(country?: IdentityCountry): ResolvedHardware {
  const settings: HardwareSettings = {
    ...defaultHardwareSettings,
    readers: defaultHardwareSettings.readers.map((reader) => ({ ...reader, profileId: defaultProfileId(country) })),
  };
  const checked = checkHardwareSettings(settings, 'en');
  if (!checked.ok) throw new Error(`the default hardware settings are invalid: ${JSON.stringify(checked.issues)}`);
  return checked.value;
}

/** The technician's hardware settings in the local database (one row; migration 0004). */
export class HardwareSettingsStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {}

  /** What is stored, unchecked; undefined on a fresh terminal. */
  readRaw(): unknown {
    const row = get<{ settings: string }>(this.db, sql`SELECT settings FROM hardware_settings WHERE id = 1`);
    return row ? (JSON.parse(row.settings) as unknown) : undefined;
  }

  write(settings: HardwareSettings): void {
    const json = JSON.stringify(settings);
    run(
      this.db,
      sql`INSERT INTO hardware_settings (id, format_version, settings, updated_at)
          VALUES (1, ${settingsFileVersion}, ${json}, ${this.now().toISOString()})
          ON CONFLICT (id) DO UPDATE SET format_version = excluded.format_version, settings = excluded.settings,
            updated_at = excluded.updated_at`,
    );
  }
}

/** A settings file for download: the settings in an envelope that says what they are. */
export function exportSettingsFile(settings: HardwareSettings, at: Date, terminalName: string): { fileName: string; text: string } {
  const file = { format: settingsFileFormat, version: settingsFileVersion, exportedAt: at.toISOString(), terminal: terminalName, settings };
  const day = at.toISOString().slice(0, 10);
  return { fileName: `lanedisk-hardware-${day}.json`, text: `${JSON.stringify(file, null, 2)}\n` };
}

export type SettingsFileRead = { ok: true; settings: unknown } | { ok: false; code: MessageKey; issues?: FieldIssue[] };

/** Reads an exported settings file's envelope; the settings inside are checked by checkHardwareSettings. */
export function readSettingsFile(text: string, language: Language): SettingsFileRead {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, code: 'hardware.import.notJson' };
  }
  const envelope = HardwareSettingsFileSchema.safeParse(json, { error: zodErrorMap(language) });
  if (!envelope.success) {
    const fields = typeof json === 'object' && json !== null ? (json as { format?: unknown; version?: unknown }) : {};
    if (fields.format !== settingsFileFormat) return { ok: false, code: 'hardware.import.wrongFormat' };
    if (fields.version !== settingsFileVersion) return { ok: false, code: 'hardware.import.wrongVersion' };
    return { ok: false, code: 'hardware.import.invalid', issues: issuesOf(envelope.error, []) };
  }
  return { ok: true, settings: envelope.data.settings };
}
