import { z } from 'zod';
import type { ChannelDef } from './common';
import { BorrowerListQuerySchema } from './desk.contract';
import type { exportChannels } from './export.channels';

/** A finished export: the file's name, its text (downloaded by the screen) and the number of rows in it. */
export const ExportFileSchema = z.object({ fileName: z.string(), text: z.string(), rows: z.number().int().nonnegative() });
export type ExportFile = z.infer<typeof ExportFileSchema>;

/**
 * Large exports (issue 17): built in chunks that yield to the event loop, reported as `progress` events (done of
 * total, time left), cancellable with `progress.cancel`, and written whole or not at all.
 */
export const exportContract = {
  /** Every borrower of one register type (the desk's lists), in the list's order, as CSV. */
  'export.borrowerList': {
    request: BorrowerListQuerySchema.pick({ registerType: true, sort: true, direction: true }).strict(),
    response: ExportFileSchema,
  },
} as const satisfies Record<(typeof exportChannels)[number], ChannelDef>;
