import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { exportChannels } from '../../../shared/ipc/features/export.channels';
import type { progressChannels } from '../../../shared/ipc/features/progress.channels';
import type { Language } from '../../../shared/ipc/contract';
import type { MessageKey } from '../../../shared/i18n/resources';
import { ok, refuse } from '../../../shared/result';
import type { DeskService } from '../../desk/service';
import type { Translator } from '../../ipc/translator';
import type { Logger } from '../../log';
import { runExport } from '../export-job';
import type { ProgressReporter } from '../progress';
import type { FeatureHandlers } from './types';

/** The columns of an exported borrower list, in the order of list-export's fields. */
const borrowerListColumns: MessageKey[] = [
  'export.column.lastName',
  'export.column.firstName',
  'export.column.identity',
  'export.column.email',
  'export.column.library',
  'export.column.validUntil',
  'export.column.createdAt',
];

/**
 * Large exports (issue 17) and stopping long work. The file is built in `dir` (export-job.ts: whole or not at all),
 * handed to the screen that asked (it downloads it) and removed: no copy of the personal data stays behind.
 */
export function exportHandlers(deps: {
  desk: DeskService;
  progress: ProgressReporter;
  translator: Translator;
  /** The language of the screen that asks (the desk's display language). */
  language: () => Language;
  dir: string;
  now: () => Date;
  log: Logger;
}): FeatureHandlers<(typeof exportChannels)[number] | (typeof progressChannels)[number]> {
  const { desk, progress, translator } = deps;
  return {
    'progress.cancel': ({ task }) => ok(progress.cancel(task)),
    'export.borrowerList': async (query) => {
      const language = deps.language();
      const source = desk.borrowerListExport(
        query,
        borrowerListColumns.map((key) => translator.t(language, key)),
      );
      if (!source.ok) return source;
      const fileName = `${translator.t(language, 'export.borrowerList.fileName', { registerType: query.registerType, date: deps.now().toISOString().slice(0, 10) })}.csv`;
      const file = path.join(deps.dir, fileName);
      const outcome = await runExport({ progress, task: 'export.borrowerList', file, source: () => source.value });
      if (!outcome.ok) {
        if (outcome.reason === 'failed') deps.log.error({ err: outcome.error }, 'borrower list export failed');
        return refuse(outcome.reason === 'busy' ? 'conflict' : 'unavailable', `export.error.${outcome.reason}`);
      }
      try {
        return ok({ fileName, text: await readFile(file, 'utf8'), rows: outcome.rows });
      } finally {
        await rm(file, { force: true });
      }
    },
  };
}
