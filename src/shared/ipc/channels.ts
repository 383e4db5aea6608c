/**
 * The names of every IPC channel and event, without their schemas, so the
 * sandboxed preload can build its allow-list without bundling zod.
 * contract.ts checks that its schema maps have exactly these keys. Each
 * feature lists its own names in features/<feature>.channels.ts.
 */
import { deskChannels, deskEvents } from './features/desk.channels';
import { deskCirculationChannels, deskCirculationEvents } from './features/desk-circulation.channels';
import { deskRegisterChannels, deskRegisterEvents } from './features/desk-register.channels';
import { hardwareChannels, hardwareEvents } from './features/hardware.channels';
import { kioskChannels, kioskEvents } from './features/kiosk.channels';
import { syncChannels, syncEvents } from './features/sync.channels';
import { terminalChannels, terminalEvents } from './features/terminal.channels';
import { progressChannels, progressEvents } from './features/progress.channels';
import { exportChannels } from './features/export.channels';

export const invokeChannels = [...terminalChannels, ...hardwareChannels, ...deskChannels, ...deskCirculationChannels, ...deskRegisterChannels, ...kioskChannels, ...syncChannels, ...progressChannels, ...exportChannels] as const;
export type InvokeChannel = (typeof invokeChannels)[number];

export const eventChannels = [...terminalEvents, ...hardwareEvents, ...deskEvents, ...deskCirculationEvents, ...deskRegisterEvents, ...kioskEvents, ...syncEvents, ...progressEvents] as const;
export type EventChannel = (typeof eventChannels)[number];

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && (invokeChannels as readonly string[]).includes(name);
}

export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && (eventChannels as readonly string[]).includes(name);
}

/** Electron ipcMain/ipcRenderer channel names are namespaced so nothing else on the bus collides. */
export const ipcInvokePrefix = 'lanedisk:invoke:';
export const ipcEventPrefix = 'lanedisk:event:';
