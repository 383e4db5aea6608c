import type { z } from 'zod';
import type { EventChannel, InvokeChannel } from './channels';
import type { ChannelDef } from './features/common';
import { deskContract, deskEventContract } from './features/desk.contract';
import { deskCirculationContract, deskCirculationEventContract } from './features/desk-circulation.contract';
import { deskRegisterContract, deskRegisterEventContract } from './features/desk-register.contract';
import { hardwareContract, hardwareEventContract } from './features/hardware.contract';
import { kioskContract, kioskEventContract } from './features/kiosk.contract';
import { syncContract, syncEventContract } from './features/sync.contract';
import { terminalContract, terminalEventContract } from './features/terminal.contract';
import { progressContract, progressEventContract } from './features/progress.contract';
import { exportContract } from './features/export.contract';

export * from './features/desk.contract';
export * from './features/desk-circulation.contract';
export * from './features/desk-register.contract';
export * from './features/hardware.contract';
export * from './features/kiosk.contract';
export * from './features/sync.contract';
export * from './features/terminal.contract';
export * from './features/progress.contract';
export * from './features/export.contract';

/**
 * The one IPC contract: every channel's request and response schema, merged
 * from one file per feature (features/*.contract.ts). A test checks the keys
 * equal the preload's channel list.
 */
export const invokeContract = {
  ...terminalContract,
  ...hardwareContract,
  ...deskContract,
  ...deskCirculationContract,
  ...deskRegisterContract,
  ...kioskContract,
  ...syncContract,
  ...progressContract,
  ...exportContract,
} as const satisfies Record<InvokeChannel, ChannelDef>;

/** Events main pushes to the renderer. */
export const eventContract = {
  ...terminalEventContract,
  ...hardwareEventContract,
  ...deskEventContract,
  ...deskCirculationEventContract,
  ...deskRegisterEventContract,
  ...kioskEventContract,
  ...syncEventContract,
  ...progressEventContract,
} as const satisfies Record<EventChannel, z.ZodType>;

export type Request<K extends InvokeChannel> = z.input<(typeof invokeContract)[K]['request']>;
export type ParsedRequest<K extends InvokeChannel> = z.output<(typeof invokeContract)[K]['request']>;
export type Response<K extends InvokeChannel> = z.output<(typeof invokeContract)[K]['response']>;
export type EventPayload<E extends EventChannel> = z.output<(typeof eventContract)[E]>;
