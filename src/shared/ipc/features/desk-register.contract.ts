import { z } from 'zod';
import type { ChannelDef } from './common';
import type { deskRegisterChannels, deskRegisterEvents } from './desk-register.channels';

export const deskRegisterContract = {
  /**
   * Everything the central register holds on the borrower, every library's rows (GDPR art. 15): administrators only,
   * with their password typed again (the register checks it; src/server/routes/desk-subject-export.ts).
   */
  'desk.registerExport': {
    request: z.object({ id: z.string().min(1).max(80), password: z.string().min(1, 'desk.registerExport.passwordRequired').max(200) }).strict(),
    response: z.object({ json: z.string(), fileName: z.string() }),
  },
} as const satisfies Record<(typeof deskRegisterChannels)[number], ChannelDef>;

export const deskRegisterEventContract = {} as const satisfies Record<(typeof deskRegisterEvents)[number], z.ZodType>;
