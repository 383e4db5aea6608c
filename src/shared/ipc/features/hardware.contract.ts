import { z } from 'zod';
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

export const hardwareContract = {
  'hardware.listSerialPorts': { request: Empty, response: z.array(SerialPortInfoSchema) },
} as const satisfies Record<(typeof hardwareChannels)[number], ChannelDef>;

export const hardwareEventContract = {} as const satisfies Record<(typeof hardwareEvents)[number], z.ZodType>;
