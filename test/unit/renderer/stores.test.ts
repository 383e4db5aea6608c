import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DiscoveredDeviceInfo, HardwareStatus, KioskSession, StaffSession, SyncStatusView, TerminalInfo } from '../../../src/shared/ipc/contract';
import { defaultHardwareSettings } from '../../../src/shared/hardware/settings';
import { type createFakeBridge, failure, forbidden, ok, unavailable } from './fake-bridge';

/**
 * The renderer's zustand stores in node, talking to a fake bridge (the real one needs a window).
 * setLanguage sets the document's language: a bare documentElement stands in for the DOM.
 */

const fake = vi.hoisted(() => ({ current: undefined as ReturnType<typeof createFakeBridge> | undefined }));
vi.mock('../../../src/renderer/src/bridge', async () => {
  const { createFakeBridge } = await import('./fake-bridge');
  fake.current = createFakeBridge();
  return { bridge: fake.current.bridge };
});
vi.stubGlobal('document', { documentElement: { lang: '' } });
const { useDeskStore } = await import('../../../src/renderer/src/stores/desk');
const { useKioskStore } = await import('../../../src/renderer/src/stores/kiosk');
const { liveLogLimit, useHardwareStore } = await import('../../../src/renderer/src/stores/hardware');
const { useTerminalStore } = await import('../../../src/renderer/src/stores/terminal');
const { useTechnicianStore } = await import('../../../src/renderer/src/stores/technician');
const { useSyncStore } = await import('../../../src/renderer/src/stores/sync');
const { useSystemStatus } = await import('../../../src/renderer/src/stores/system');
const { i18n } = await import('../../../src/renderer/src/i18n');
const bridge = fake.current!;

const tove: StaffSession = { staffId: 's1', name: 'Tove Registrator', email: 'tove@example.se', role: 'registrar', libraryId: 'malmo', libraryName: 'Malmö stadsbibliotek' };

beforeEach(() => {
  bridge.reset();
  useDeskStore.setState(useDeskStore.getInitialState(), true);
  useKioskStore.setState(useKioskStore.getInitialState(), true);
  useHardwareStore.setState(useHardwareStore.getInitialState(), true);
  useTerminalStore.setState(useTerminalStore.getInitialState(), true);
  useTechnicianStore.setState(useTechnicianStore.getInitialState(), true);
  useSyncStore.setState(useSyncStore.getInitialState(), true);
  useSystemStatus.setState(useSystemStatus.getInitialState(), true);
});

describe('desk store', () => {
  it('starts unknown, then holds the session main reports (or null without one)', async () => {
    expect(useDeskStore.getState()).toMatchObject({ session: undefined, view: { name: 'start' }, notice: undefined });
    bridge.answer('desk.session', () => ok(tove));
    await useDeskStore.getState().loadSession();
    expect(useDeskStore.getState().session).toEqual(tove);
    bridge.answer('desk.session', () => ok(null));
    await useDeskStore.getState().loadSession();
    expect(useDeskStore.getState().session).toBeNull();
  });

  it('treats a failed session lookup as signed out', async () => {
    bridge.answer('desk.session', () => failure({ kind: 'unavailable', message: 'x', code: 'errors.disconnected' }));
    await useDeskStore.getState().loadSession();
    expect(useDeskStore.getState().session).toBeNull();
  });

  it('signs in: the session, back to the start view, no notice; a refusal returns the error and changes nothing', async () => {
    useDeskStore.setState({ view: { name: 'search' }, notice: 'Sparat.' });
    bridge.answer('desk.login', () => failure(forbidden));
    expect(await useDeskStore.getState().login('tove@example.se', 'fel')).toEqual(forbidden);
    expect(useDeskStore.getState()).toMatchObject({ session: undefined, view: { name: 'search' }, notice: 'Sparat.' });

    bridge.answer('desk.login', () => ok(tove));
    expect(await useDeskStore.getState().login('tove@example.se', 'rätt-lösenord')).toBeUndefined();
    expect(useDeskStore.getState()).toMatchObject({ session: tove, view: { name: 'start' }, notice: undefined });
    expect(bridge.calls.filter((c) => c.channel === 'desk.login').map((c) => c.request)).toEqual([
      { email: 'tove@example.se', password: 'fel' },
      { email: 'tove@example.se', password: 'rätt-lösenord' },
    ]);
  });

  it('signs out to the start view', async () => {
    useDeskStore.setState({ session: tove, view: { name: 'borrower', id: 'b1' }, notice: 'Sparat.' });
    bridge.answer('desk.logout', () => ok(null));
    await useDeskStore.getState().logout();
    expect(useDeskStore.getState()).toMatchObject({ session: null, view: { name: 'start' }, notice: undefined });
  });

  it('follows main: a session change resets the view, a card swiped at the desk opens that borrower', () => {
    useDeskStore.setState({ session: tove, view: { name: 'audit' }, notice: 'Sparat.' });
    bridge.emit('desk.openBorrower', { borrowerId: 'b7' });
    expect(useDeskStore.getState()).toMatchObject({ view: { name: 'borrower', id: 'b7' }, notice: undefined });
    // The technician store asks main again when the staff session ends (idle time, mode change).
    bridge.answer('technician.status', () => ok({ required: true, signedIn: false, name: null }));
    bridge.emit('desk.sessionChanged', null);
    expect(useDeskStore.getState()).toMatchObject({ session: null, view: { name: 'start' } });
    expect(bridge.calls.map((c) => c.channel)).toContain('technician.status');
  });

  it('shows a view with an optional notice', () => {
    useDeskStore.getState().show({ name: 'borrower', id: 'b1' }, 'Låntagaren är registrerad.');
    expect(useDeskStore.getState()).toMatchObject({ view: { name: 'borrower', id: 'b1' }, notice: 'Låntagaren är registrerad.' });
  });
});

const session: KioskSession = { stage: 'active', firstName: 'Alva', idleSeconds: 60, transactions: [] };

describe('kiosk store', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('loads a session in progress onto the account step, or the welcome screen without one', async () => {
    bridge.answer('kiosk.session', () => ok(session));
    await useKioskStore.getState().load();
    expect(useKioskStore.getState()).toMatchObject({ session, step: 'account' });
    bridge.answer('kiosk.session', () => ok(null));
    await useKioskStore.getState().load();
    expect(useKioskStore.getState()).toMatchObject({ session: null, step: 'welcome' });
  });

  it('keeps its state when main cannot answer', async () => {
    useKioskStore.setState({ step: 'return-only' });
    bridge.answer('kiosk.session', () => failure(unavailable));
    await useKioskStore.getState().load();
    expect(useKioskStore.getState()).toMatchObject({ session: null, step: 'return-only' });
  });

  it('follows a card read at the reader: to the account, and back to welcome when the session ends (not from the receipt)', () => {
    useKioskStore.setState({ refusal: 'Kortet känns inte igen.' });
    bridge.emit('kiosk.sessionChanged', session);
    expect(useKioskStore.getState()).toMatchObject({ session, step: 'account', refusal: undefined });
    bridge.emit('kiosk.sessionChanged', null);
    expect(useKioskStore.getState()).toMatchObject({ session: null, step: 'welcome' });
    useKioskStore.setState({ step: 'receipt' });
    bridge.emit('kiosk.sessionChanged', null);
    expect(useKioskStore.getState().step).toBe('receipt');
  });

  it('shows a refusal, keeps the last 20 outcomes newest first, and forgets everything on reset', () => {
    bridge.emit('kiosk.refused', { reason: 'unknown-card', message: 'Kortet känns inte igen.' });
    expect(useKioskStore.getState().refusal).toBe('Kortet känns inte igen.');
    for (let i = 1; i <= 22; i++) useKioskStore.getState().addOutcome({ ok: true, itemId: `item-${i}` } as never);
    expect(useKioskStore.getState().outcomes.map((o) => o.itemId).slice(0, 2)).toEqual(['item-22', 'item-21']);
    expect(useKioskStore.getState().outcomes).toHaveLength(20);
    useKioskStore.setState({ session, step: 'account' });
    useKioskStore.getState().reset();
    expect(useKioskStore.getState()).toMatchObject({ session: null, step: 'welcome', refusal: undefined, outcomes: [] });
  });

  it('takes a refusal (a lockout that ended the session) down after 20 s, so the next person does not see it', () => {
    vi.useFakeTimers();
    useKioskStore.getState().setRefusal('För många fel PIN-koder. Försök igen om 15 minuter eller fråga personalen.');
    bridge.emit('kiosk.sessionChanged', null);
    vi.advanceTimersByTime(19_999);
    expect(useKioskStore.getState().refusal).toBe('För många fel PIN-koder. Försök igen om 15 minuter eller fråga personalen.');
    vi.advanceTimersByTime(1);
    expect(useKioskStore.getState().refusal).toBeUndefined();
    vi.useRealTimers();
  });

  it('shows a door decision for 8 s, or 60 s when it asks for a PIN; a newer decision restarts the time', () => {
    vi.useFakeTimers();
    bridge.emit('kiosk.door', { admitted: true, message: 'Välkommen!', pinRequired: false });
    vi.advanceTimersByTime(7999);
    expect(useKioskStore.getState().door?.message).toBe('Välkommen!');
    vi.advanceTimersByTime(1);
    expect(useKioskStore.getState().door).toBeUndefined();
    bridge.emit('kiosk.door', { admitted: false, message: 'Skriv din PIN-kod.', pinRequired: true });
    vi.advanceTimersByTime(59_999);
    bridge.emit('kiosk.door', { admitted: true, message: 'Välkommen!', pinRequired: false });
    vi.advanceTimersByTime(7999);
    expect(useKioskStore.getState().door?.message).toBe('Välkommen!');
    vi.advanceTimersByTime(1);
    expect(useKioskStore.getState().door).toBeUndefined();
  });

  it('keeps a closing announcement from main for a minute (the door and kiosk screens show and speak it)', () => {
    vi.useFakeTimers();
    const announcement = { text: 'Biblioteket stänger om 5 minuter.', language: 'sv', minutesBefore: 5 };
    bridge.emit('kiosk.announcement', announcement);
    expect(useKioskStore.getState().announcement).toEqual(announcement);
    vi.advanceTimersByTime(59_999);
    expect(useKioskStore.getState().announcement?.text).toBe('Biblioteket stänger om 5 minuter.');
    vi.advanceTimersByTime(1);
    expect(useKioskStore.getState().announcement).toBeUndefined();
  });
});

const status: HardwareStatus = {
  readers: [{ id: 'door-reader', kind: 'simulated', role: 'door', profileId: 'dk-health-card', enabled: true, status: 'connected' }],
  relay: { kind: 'simulated', channels: 1, status: 'connected' },
  door: { state: 'locked', armed: true, alarms: [] },
};
const device = (id: string): DiscoveredDeviceInfo => ({ id, transport: 'serial', path: `/dev/${id}`, kind: 'ch340-serial', label: 'CH340', use: 'serial-adapter' });
const at = '2026-11-25T10:00:00.000Z';

describe('hardware store', () => {
  it('loads settings, profiles, status and devices; a failed settings load is kept as the error', async () => {
    bridge.answer('hardware.getSettings', () => ok(defaultHardwareSettings));
    bridge.answer('hardware.profiles', () => ok([{ id: 'dk-health-card', label: 'Sundhedskort', kind: 'magstripe' }]));
    bridge.answer('hardware.status', () => ok(status));
    bridge.answer('hardware.discover', () => ok([device('ttyUSB0')]));
    await useHardwareStore.getState().load();
    expect(useHardwareStore.getState()).toMatchObject({
      settings: defaultHardwareSettings,
      loadError: undefined,
      profiles: [{ id: 'dk-health-card' }],
      readerStatus: { 'door-reader': 'connected' },
      relay: { status: 'connected' },
      door: { state: 'locked', alarms: [] },
      devices: [device('ttyUSB0')],
      devicesLoading: false,
    });
    bridge.answer('hardware.getSettings', () => failure(unavailable));
    await useHardwareStore.getState().load();
    expect(useHardwareStore.getState()).toMatchObject({ loadError: unavailable, settings: defaultHardwareSettings });
  });

  it('keeps the last device list and reports the error when discovery fails', async () => {
    useHardwareStore.setState({ devices: [device('ttyUSB0')] });
    bridge.answer('hardware.discover', () => failure(unavailable));
    await useHardwareStore.getState().refreshDevices();
    expect(useHardwareStore.getState()).toMatchObject({ devices: [device('ttyUSB0')], devicesError: unavailable, devicesLoading: false });
  });

  it('saves settings through main: the answer becomes the settings, a refusal is returned and changes nothing', async () => {
    const refused = { kind: 'validation' as const, message: 'Ogiltiga inställningar.', code: 'hardware.settings.invalid' };
    bridge.answer('hardware.applyReaders', () => failure(refused));
    expect(await useHardwareStore.getState().saveReaders([])).toEqual(refused);
    expect(useHardwareStore.getState().settings).toBeUndefined();
    const saved = { ...defaultHardwareSettings, readers: [] };
    bridge.answer('hardware.applyReaders', () => ok(saved));
    bridge.answer('hardware.status', () => ok({ ...status, readers: [] }));
    expect(await useHardwareStore.getState().saveReaders([])).toBeUndefined();
    expect(useHardwareStore.getState()).toMatchObject({ settings: saved, readerStatus: {} });
  });

  it('mirrors live events: reader and relay status, door state and alarms, hot-plugged devices', () => {
    useHardwareStore.setState({ devices: [device('ttyUSB0')] });
    bridge.emit('hardware.readerStatus', { readerId: 'door-reader', status: 'disconnected', at });
    bridge.emit('hardware.relayStatus', { status: 'error', error: 'no answer', at });
    bridge.emit('hardware.door', { state: 'unlocked', cause: 'pulse', at });
    bridge.emit('hardware.doorAlarm', { alarm: 'held-open', active: true, at });
    bridge.emit('hardware.doorAlarm', { alarm: 'forced', active: true, at });
    bridge.emit('hardware.doorAlarm', { alarm: 'held-open', active: false, at });
    bridge.emit('hardware.device', { type: 'added', device: device('ttyACM0'), at });
    bridge.emit('hardware.device', { type: 'removed', device: device('ttyUSB0'), at });
    expect(useHardwareStore.getState()).toMatchObject({
      readerStatus: { 'door-reader': 'disconnected' },
      relay: { status: 'error', error: 'no answer' },
      door: { state: 'unlocked', alarms: ['forced'] },
      devices: [device('ttyACM0')],
    });
    expect(useHardwareStore.getState().log.map((e) => e.type)).toEqual(['device', 'device', 'doorAlarm', 'doorAlarm', 'doorAlarm', 'door', 'relayStatus', 'readerStatus']);
  });

  it('keeps the newest entries of the live log, up to its limit, until cleared', () => {
    for (let i = 0; i < liveLogLimit + 5; i++) bridge.emit('hardware.raw', { readerId: 'r', hex: '30', text: String(i), length: 1, at });
    const log = useHardwareStore.getState().log;
    expect(log).toHaveLength(liveLogLimit);
    expect(log[0]).toMatchObject({ type: 'raw', text: String(liveLogLimit + 4) });
    useHardwareStore.getState().clearLog();
    expect(useHardwareStore.getState().log).toEqual([]);
  });
});

const info: TerminalInfo = { mode: 'kiosk', language: 'da', name: 'Kiosk 1', appVersion: '0.1.0', host: 'web' };

describe('terminal store', () => {
  it('loads the terminal and switches the page language to it; a failure is kept as the error', async () => {
    bridge.answer('terminal.info', () => ok(info));
    await useTerminalStore.getState().load();
    expect(useTerminalStore.getState()).toMatchObject({ info, error: undefined });
    expect(i18n.language).toBe('da');
    expect(document.documentElement.lang).toBe('da');
    bridge.answer('terminal.info', () => failure(unavailable));
    await useTerminalStore.getState().load();
    expect(useTerminalStore.getState()).toMatchObject({ info, error: unavailable });
  });

  it('configures through main and follows changes main announces', async () => {
    const refused = { kind: 'validation' as const, message: 'Forespørgslen var ikke gyldig.', code: 'errors.validation' };
    bridge.answer('terminal.configure', () => failure(refused));
    expect(await useTerminalStore.getState().configure({ mode: 'desk' })).toEqual(refused);
    expect(useTerminalStore.getState().info).toBeUndefined();
    bridge.answer('terminal.configure', (change) => ok({ ...info, ...change }));
    expect(await useTerminalStore.getState().configure({ mode: 'desk', language: 'en' })).toBeUndefined();
    expect(useTerminalStore.getState().info).toMatchObject({ mode: 'desk', language: 'en' });
    bridge.emit('terminal.changed', { ...info, language: 'sv' });
    expect(useTerminalStore.getState().info?.language).toBe('sv');
    expect(document.documentElement.lang).toBe('sv');
  });
});

describe('technician store', () => {
  it('mirrors main: status, sign-in (a refusal is returned), sign-out', async () => {
    bridge.answer('technician.status', () => ok({ required: true, signedIn: false, name: null }));
    await useTechnicianStore.getState().load();
    expect(useTechnicianStore.getState().status).toEqual({ required: true, signedIn: false, name: null });
    bridge.answer('technician.login', () => failure(forbidden));
    expect(await useTechnicianStore.getState().login('kim@example.se', 'fel')).toEqual(forbidden);
    expect(useTechnicianStore.getState().status).toEqual({ required: true, signedIn: false, name: null });
    bridge.answer('technician.login', () => ok({ required: true, signedIn: true, name: 'Tove Tekniker' }));
    expect(await useTechnicianStore.getState().login('tove@example.se', 'rätt')).toBeUndefined();
    expect(useTechnicianStore.getState().status?.signedIn).toBe(true);
    bridge.answer('technician.logout', () => ok({ required: true, signedIn: false, name: null }));
    await useTechnicianStore.getState().logout();
    expect(useTechnicianStore.getState().status?.signedIn).toBe(false);
    bridge.answer('technician.status', () => failure(unavailable));
    await useTechnicianStore.getState().load();
    expect(useTechnicianStore.getState()).toMatchObject({ status: { signedIn: false }, error: unavailable });
  });
});

describe('sync and system status stores', () => {
  it('sync: loads the status and follows announcements; a failed load keeps the last one', async () => {
    const online = { online: true } as unknown as SyncStatusView;
    bridge.answer('sync.status', () => ok(online));
    await useSyncStore.getState().load();
    expect(useSyncStore.getState().status).toBe(online);
    bridge.answer('sync.status', () => failure(unavailable));
    await useSyncStore.getState().load();
    expect(useSyncStore.getState().status).toBe(online);
    const offline = { online: false } as unknown as SyncStatusView;
    bridge.emit('sync.status', offline);
    expect(useSyncStore.getState().status).toBe(offline);
  });

  it('system status: idle, loading while main answers, then ready or error (keeping the last value)', async () => {
    expect(useSystemStatus.getState()).toMatchObject({ status: 'idle', value: undefined });
    let answer!: (value: ReturnType<typeof ok>) => void;
    bridge.answer('system.status', () => new Promise((resolve) => (answer = resolve as never)));
    const refreshing = useSystemStatus.getState().refresh();
    expect(useSystemStatus.getState().status).toBe('loading');
    const value = { schemaVersion: 9, outboxPending: 0, startedAt: at };
    answer(ok(value));
    await refreshing;
    expect(useSystemStatus.getState()).toMatchObject({ status: 'ready', value, error: undefined });
    bridge.answer('system.status', () => failure(unavailable));
    await useSystemStatus.getState().refresh();
    expect(useSystemStatus.getState()).toMatchObject({ status: 'error', value, error: unavailable });
  });
});
