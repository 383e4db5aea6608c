import { create } from 'zustand';
import type { HardwareSettings, OpeningHours, ReaderSetting, RelaySetting, DoorSettings } from '../../../shared/hardware/settings';
import type {
  DecodingProfileSummary,
  DeviceStatus,
  DiscoveredDeviceInfo,
  EventPayload,
  HardwareStatus,
} from '../../../shared/ipc/contract';
import type { AppError, Result } from '../../../shared/result';
import { bridge } from '../bridge';
import { createResourceStore } from './async-resource';

export const useSerialPorts = createResourceStore(() => bridge.invoke('hardware.listSerialPorts', {}));

/** How many entries the live view keeps (latest first). */
export const liveLogLimit = 50;

export type LiveEntry = { id: number } & (
  | ({ type: 'raw' } & EventPayload<'hardware.raw'>)
  | ({ type: 'read' } & EventPayload<'hardware.read'>)
  | ({ type: 'readError' } & EventPayload<'hardware.readError'>)
  | ({ type: 'readerStatus' } & EventPayload<'hardware.readerStatus'>)
  | ({ type: 'relayStatus' } & EventPayload<'hardware.relayStatus'>)
  | ({ type: 'door' } & EventPayload<'hardware.door'>)
  | ({ type: 'doorAlarm' } & EventPayload<'hardware.doorAlarm'>)
  | { type: 'device'; change: EventPayload<'hardware.device'>['type']; device: EventPayload<'hardware.device'>['device']; at: string }
);

interface HardwareState {
  settings: HardwareSettings | undefined;
  profiles: DecodingProfileSummary[];
  devices: DiscoveredDeviceInfo[] | undefined;
  devicesLoading: boolean;
  devicesError: AppError | undefined;
  loadError: AppError | undefined;
  readerStatus: Record<string, DeviceStatus>;
  relay: { status: DeviceStatus; error?: string | undefined } | undefined;
  door: { state: 'locked' | 'unlocked'; alarms: string[] } | undefined;
  log: LiveEntry[];
  load: () => Promise<void>;
  refreshDevices: () => Promise<void>;
  saveReaders: (readers: ReaderSetting[]) => Promise<AppError | undefined>;
  saveDoor: (relay: RelaySetting | null, door: DoorSettings) => Promise<AppError | undefined>;
  saveOpeningHours: (openingHours: OpeningHours) => Promise<AppError | undefined>;
  importSettings: (text: string) => Promise<AppError | undefined>;
  clearLog: () => void;
}

let nextId = 1;

export const useHardwareStore = create<HardwareState>()((set, get) => {
  const push = (entry: LiveEntry) => set((s) => ({ log: [entry, ...s.log].slice(0, liveLogLimit) }));
  const applyStatus = (status: HardwareStatus) =>
    set({
      readerStatus: Object.fromEntries(status.readers.map((r) => [r.id, r.status])),
      relay: status.relay ? { status: status.relay.status } : undefined,
      door: status.door ? { state: status.door.state, alarms: status.door.alarms } : undefined,
    });
  const loadStatus = async () => {
    const result = await bridge.invoke('hardware.status', {});
    if (result.ok) applyStatus(result.value);
  };
  const saved = async (result: Result<HardwareSettings>): Promise<AppError | undefined> => {
    if (!result.ok) return result.error;
    set({ settings: result.value });
    await loadStatus();
    return undefined;
  };

  bridge.subscribe('hardware.raw', (e) => push({ id: nextId++, type: 'raw', ...e }));
  bridge.subscribe('hardware.read', (e) => push({ id: nextId++, type: 'read', ...e }));
  bridge.subscribe('hardware.readError', (e) => push({ id: nextId++, type: 'readError', ...e }));
  bridge.subscribe('hardware.readerStatus', (e) => {
    set((s) => ({ readerStatus: { ...s.readerStatus, [e.readerId]: e.status } }));
    push({ id: nextId++, type: 'readerStatus', ...e });
  });
  bridge.subscribe('hardware.relayStatus', (e) => {
    set({ relay: { status: e.status, error: e.error } });
    push({ id: nextId++, type: 'relayStatus', ...e });
  });
  bridge.subscribe('hardware.door', (e) => {
    set((s) => ({ door: { state: e.state, alarms: s.door?.alarms ?? [] } }));
    push({ id: nextId++, type: 'door', ...e });
  });
  bridge.subscribe('hardware.doorAlarm', (e) => {
    set((s) => {
      const alarms = new Set(s.door?.alarms ?? []);
      if (e.active) alarms.add(e.alarm);
      else alarms.delete(e.alarm);
      return { door: { state: s.door?.state ?? 'locked', alarms: [...alarms] } };
    });
    push({ id: nextId++, type: 'doorAlarm', ...e });
  });
  bridge.subscribe('hardware.device', (e) => {
    set((s) => {
      const others = (s.devices ?? []).filter((d) => d.id !== e.device.id);
      return { devices: e.type === 'added' ? [...others, e.device].sort((a, b) => a.id.localeCompare(b.id)) : others };
    });
    push({ id: nextId++, type: 'device', change: e.type, device: e.device, at: e.at });
  });
  bridge.subscribe('hardware.settingsChanged', (settings) => set({ settings }));

  return {
    settings: undefined,
    profiles: [],
    devices: undefined,
    devicesLoading: false,
    devicesError: undefined,
    loadError: undefined,
    readerStatus: {},
    relay: undefined,
    door: undefined,
    log: [],
    async load() {
      const [settings, profiles] = await Promise.all([bridge.invoke('hardware.getSettings', {}), bridge.invoke('hardware.profiles', {})]);
      if (!settings.ok) set({ loadError: settings.error });
      else set({ settings: settings.value, loadError: undefined });
      if (profiles.ok) set({ profiles: profiles.value });
      await Promise.all([loadStatus(), get().refreshDevices()]);
    },
    async refreshDevices() {
      set({ devicesLoading: true });
      const result = await bridge.invoke('hardware.discover', { refresh: true });
      if (result.ok) set({ devices: result.value, devicesError: undefined, devicesLoading: false });
      else set({ devicesError: result.error, devicesLoading: false });
    },
    saveReaders: async (readers) => saved(await bridge.invoke('hardware.applyReaders', { readers })),
    saveDoor: async (relay, door) => saved(await bridge.invoke('hardware.applyDoor', { relay, door })),
    saveOpeningHours: async (openingHours) => saved(await bridge.invoke('hardware.setOpeningHours', { openingHours })),
    importSettings: async (text) => saved(await bridge.invoke('hardware.importSettings', { text })),
    clearLog: () => set({ log: [] }),
  };
});
