import { z } from 'zod';
import { readerRoles } from './types';

/** Hex bytes as text: `02`, `0D 0A`, `0d:0a`; separators are dropped. */
export const HexBytesSchema = z
  .string()
  .transform((s) => s.replace(/[\s:,-]+/g, '').replace(/^0x/i, ''))
  .pipe(z.string().regex(/^(?:[0-9A-Fa-f]{2})+$/, 'expected hex bytes, e.g. "0D0A"'));

/** A USB vendor or product id: a number, or hex text such as "0x0801" or "0801". */
export const UsbIdSchema = z
  .union([
    z.number().int(),
    z
      .string()
      .regex(/^(?:0x)?[0-9A-Fa-f]{1,4}$/)
      .transform((s) => parseInt(s.replace(/^0x/i, ''), 16)),
  ])
  .pipe(z.number().int().min(0).max(0xffff));

const common = {
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" and "-" only'),
  name: z.string().max(100).optional(),
  role: z.enum(readerRoles),
  /** Decoding profile id (src/shared/cards). */
  profileId: z.string().min(1).max(64),
  enabled: z.boolean().default(true),
};

export const serialParities = ['none', 'even', 'odd', 'mark', 'space'] as const;
export type SerialParity = (typeof serialParities)[number];

export const lineTerminators = ['cr', 'lf', 'crlf', 'etx', 'none'] as const;

export const SerialTerminatorSchema = z.union([z.enum(lineTerminators), z.object({ custom: HexBytesSchema }).strict()]);
export type SerialTerminator = z.infer<typeof SerialTerminatorSchema>;

export const SerialReaderConfigSchema = z
  .object({
    ...common,
    kind: z.literal('serial'),
    /** e.g. /dev/ttyACM0, or better a stable /dev/serial/by-id/… link; COM3 on Windows. */
    path: z.string().min(1),
    baudRate: z.number().int().min(50).max(4_000_000).default(9600),
    dataBits: z.union([z.literal(7), z.literal(8)]).default(8),
    parity: z.enum(serialParities).default('none'),
    stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
    /** What ends a frame; 'none' for readers that send no terminator (the inter-byte timeout ends the frame). */
    terminator: SerialTerminatorSchema.default('cr'),
    /** Bytes the reader puts before / after each frame (e.g. STX "02"); stripped when present. */
    stripPrefix: HexBytesSchema.optional(),
    stripSuffix: HexBytesSchema.optional(),
    /**
     * Silence that ends a frame: with terminator 'none' the frame is complete; otherwise what was received is
     * an incomplete frame, reported and dropped so it cannot corrupt the next card.
     */
    interByteTimeoutMs: z.number().int().min(1).max(10_000).default(100),
    /** Longer input is reported and discarded up to the next terminator or silence. */
    maxFrameLength: z.number().int().min(1).max(65_536).default(512),
  })
  .strict();
export type SerialReaderConfig = z.output<typeof SerialReaderConfigSchema>;
export type SerialReaderConfigInput = z.input<typeof SerialReaderConfigSchema>;

export const hidFramings = ['report', 'fixed-length'] as const;

export const HidReaderConfigSchema = z
  .object({
    ...common,
    kind: z.literal('hid'),
    /** Open exactly this device path, or else the first device matching the ids below. */
    path: z.string().min(1).optional(),
    vendorId: UsbIdSchema.optional(),
    productId: UsbIdSchema.optional(),
    serialNumber: z.string().optional(),
    usagePage: UsbIdSchema.optional(),
    interface: z.number().int().min(0).optional(),
    /** 'report': each input report is one frame (MagTek 337-byte reports); 'fixed-length': join reports to frameLength bytes. */
    framing: z.enum(hidFramings).default('report'),
    frameLength: z.number().int().min(1).max(65_536).optional(),
    /** Drop the first byte of each report (devices with numbered reports put the report id there). */
    stripReportId: z.boolean().default(false),
    /** For 'fixed-length': silence after which a partly assembled frame is reported and dropped. */
    interReportTimeoutMs: z.number().int().min(1).max(10_000).default(200),
    maxFrameLength: z.number().int().min(1).max(65_536).default(4096),
  })
  .strict()
  .refine((c) => c.path !== undefined || (c.vendorId !== undefined && c.productId !== undefined), {
    message: 'give a device path, or a vendorId and productId',
    path: ['path'],
  })
  .refine((c) => c.framing !== 'fixed-length' || c.frameLength !== undefined, {
    message: 'fixed-length framing needs frameLength',
    path: ['frameLength'],
  });
export type HidReaderConfig = z.output<typeof HidReaderConfigSchema>;
export type HidReaderConfigInput = z.input<typeof HidReaderConfigSchema>;

export const WedgeReaderConfigSchema = z
  .object({
    ...common,
    kind: z.literal('wedge'),
    /** Longest pause between keys of one burst (SPEC 4: 30 ms). */
    maxGapMs: z.number().int().min(1).max(1000).default(30),
    /** Fewest characters a burst must have (SPEC 4: 6). */
    minLength: z.number().int().min(1).max(256).default(6),
    maxLength: z.number().int().min(1).max(4096).default(512),
    /** Keys (KeyboardEvent.key) that end a burst. */
    terminators: z.array(z.string().min(1)).min(1).default(['Enter', 'Tab']),
  })
  .strict();
export type WedgeReaderConfig = z.output<typeof WedgeReaderConfigSchema>;

export const SimulatedReaderConfigSchema = z
  .object({
    ...common,
    kind: z.literal('simulated'),
    /** Start in the connected state (the demo can unplug and replug it). */
    connected: z.boolean().default(true),
  })
  .strict();
export type SimulatedReaderConfig = z.output<typeof SimulatedReaderConfigSchema>;

export const ReaderConfigSchema = z.discriminatedUnion('kind', [
  SerialReaderConfigSchema,
  HidReaderConfigSchema,
  WedgeReaderConfigSchema,
  SimulatedReaderConfigSchema,
]);
/** A reader as configured (defaults filled in). */
export type ReaderConfig = z.output<typeof ReaderConfigSchema>;
/** A reader as written by a technician or a config file (defaults optional). */
export type ReaderConfigInput = z.input<typeof ReaderConfigSchema>;
export type ReaderKind = ReaderConfig['kind'];

/** A list of readers with unique ids. */
export const ReaderConfigListSchema = z.array(ReaderConfigSchema).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.forEach((reader, index) => {
    if (seen.has(reader.id)) ctx.addIssue({ code: 'custom', message: `duplicate reader id "${reader.id}"`, path: [index, 'id'] });
    seen.add(reader.id);
  });
});

/** A keystroke as the renderer sends it over IPC for keyboard-wedge readers. */
export const KeyStrokeSchema = z
  .object({
    /** KeyboardEvent.key: one character, or a named key such as 'Enter', 'Tab' or 'Shift'. */
    key: z.string().min(1).max(32),
    /** KeyboardEvent.timeStamp (ms, monotonic within the page). */
    timeMs: z.number().finite().nonnegative(),
  })
  .strict();
export type KeyStroke = z.infer<typeof KeyStrokeSchema>;

/** Hex text (already validated by HexBytesSchema) to bytes. */
export function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex').toUpperCase();
}
