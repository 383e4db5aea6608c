import { z } from 'zod';
import { Empty, type ChannelDef } from './common';
import type { terminalChannels, terminalEvents } from './terminal.channels';
import { languages, type Language } from '../../vocabulary';

// The contract's own word for the languages it carries (the leaf src/shared/vocabulary.ts defines them).
export { languages, type Language };
export const LanguageSchema = z.enum(languages);

export const terminalModes = ['desk', 'kiosk', 'door', 'technician'] as const;
export const TerminalModeSchema = z.enum(terminalModes);
export type TerminalMode = z.infer<typeof TerminalModeSchema>;

export const TerminalInfoSchema = z.object({
  mode: TerminalModeSchema,
  language: LanguageSchema,
  name: z.string(),
  appVersion: z.string(),
  /** 'electron' or 'web' (the dev/test host); the renderer may not assume either. */
  host: z.enum(['electron', 'web']),
  /** Set when the terminal holds no personal data (no secure database key): the technician screen shows why. */
  refusal: z.object({ code: z.string(), params: z.record(z.string(), z.string()), message: z.string() }).optional(),
  /** The library's look on every screen (issue 17); absent until the terminal knows its library. */
  brand: z
    .object({
      name: z.string().max(120),
      primaryColor: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
      logo: z.string().startsWith('data:image/').max(200_000).optional(),
    })
    .optional(),
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

/**
 * The technician login (SPEC 1: technician work is behind a login). `required` is false only while the
 * terminal knows no technician or administrator account (a fresh install before enrolment).
 */
export const TechnicianStatusSchema = z.object({
  required: z.boolean(),
  signedIn: z.boolean(),
  name: z.string().nullable(),
});
export type TechnicianStatus = z.infer<typeof TechnicianStatusSchema>;

export const TechnicianLoginSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(200),
});
export type TechnicianLogin = z.infer<typeof TechnicianLoginSchema>;

export const terminalContract = {
  'terminal.info': { request: Empty, response: TerminalInfoSchema },
  'terminal.configure': { request: TerminalConfigureSchema, response: TerminalInfoSchema },
  'system.status': { request: Empty, response: SystemStatusSchema },
  'technician.status': { request: Empty, response: TechnicianStatusSchema },
  'technician.login': { request: TechnicianLoginSchema, response: TechnicianStatusSchema },
  'technician.logout': { request: Empty, response: TechnicianStatusSchema },
} as const satisfies Record<(typeof terminalChannels)[number], ChannelDef>;

export const terminalEventContract = {
  'terminal.changed': TerminalInfoSchema,
} as const satisfies Record<(typeof terminalEvents)[number], z.ZodType>;
