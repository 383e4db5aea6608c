import { z } from 'zod';

/** Messages of the web host's WebSocket transport (the Electron shell uses ipcMain/ipcRenderer instead). */
export const WireClientMessageSchema = z.object({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(200),
  payload: z.unknown(),
});
export type WireClientMessage = z.infer<typeof WireClientMessageSchema>;

export type WireServerMessage =
  | { type: 'result'; id: number; result: unknown }
  | { type: 'event'; event: string; payload: unknown }
  | { type: 'protocol-error'; message: string };
