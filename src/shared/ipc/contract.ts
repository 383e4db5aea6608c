import { z } from 'zod';
import type { EventChannel, InvokeChannel } from './channels';

export const languages = ['sv', 'da', 'en'] as const;
export const LanguageSchema = z.enum(languages);
export type Language = z.infer<typeof LanguageSchema>;

export const terminalModes = ['desk', 'kiosk', 'technician'] as const;
export const TerminalModeSchema = z.enum(terminalModes);
export type TerminalMode = z.infer<typeof TerminalModeSchema>;

export const TerminalInfoSchema = z.object({
  mode: TerminalModeSchema,
  language: LanguageSchema,
  name: z.string(),
  appVersion: z.string(),
  /** 'electron' or 'web' (the dev/test host); the renderer may not assume either. */
  host: z.enum(['electron', 'web']),
});
export type TerminalInfo = z.infer<typeof TerminalInfoSchema>;

export const TerminalConfigureSchema = z
  .object({
    mode: TerminalModeSchema.optional(),
    language: LanguageSchema.optional(),
    name: z.string().trim().min(1).max(80).optional(),
  })
  .strict();
export type TerminalConfigure = z.infer<typeof TerminalConfigureSchema>;

export const SystemStatusSchema = z.object({
  schemaVersion: z.number().int().nonnegative(),
  outboxPending: z.number().int().nonnegative(),
  startedAt: z.string(),
});
export type SystemStatus = z.infer<typeof SystemStatusSchema>;

export const SerialPortInfoSchema = z.object({
  path: z.string(),
  manufacturer: z.string().optional(),
  serialNumber: z.string().optional(),
  vendorId: z.string().optional(),
  productId: z.string().optional(),
});
export type SerialPortInfo = z.infer<typeof SerialPortInfoSchema>;

const Empty = z.object({}).strict();

interface ChannelDef {
  request: z.ZodType;
  response: z.ZodType;
}

/** The one IPC contract: every channel's request and response schema. */
export const invokeContract = {
  'terminal.info': { request: Empty, response: TerminalInfoSchema },
  'terminal.configure': { request: TerminalConfigureSchema, response: TerminalInfoSchema },
  'system.status': { request: Empty, response: SystemStatusSchema },
  'hardware.listSerialPorts': { request: Empty, response: z.array(SerialPortInfoSchema) },
} as const satisfies Record<InvokeChannel, ChannelDef>;

/** Events main pushes to the renderer. */
export const eventContract = {
  'terminal.changed': TerminalInfoSchema,
} as const satisfies Record<EventChannel, z.ZodType>;

export type Request<K extends InvokeChannel> = z.input<(typeof invokeContract)[K]['request']>;
export type ParsedRequest<K extends InvokeChannel> = z.output<(typeof invokeContract)[K]['request']>;
export type Response<K extends InvokeChannel> = z.output<(typeof invokeContract)[K]['response']>;
export type EventPayload<E extends EventChannel> = z.output<(typeof eventContract)[E]>;
