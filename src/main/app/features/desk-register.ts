import type { deskRegisterChannels } from '../../../shared/ipc/features/desk-register.channels';
import type { DeskSubjectExportRequest } from '../../../shared/sync/protocol';
import type { RegisterExportAnswer } from '../../desk/register-export';
import type { DeskService } from '../../desk/service';
import { NotEnrolledError, type SyncClient } from '../../sync/client';
import { OfflineError, RegisterError } from '../../sync/http';
import type { FeatureHandlers } from './types';

/** The register's answer to a desk's export request, its errors read as refusals (routes/desk-subject-export.ts says which). */
export async function askRegisterForExport(sync: SyncClient, request: DeskSubjectExportRequest): Promise<RegisterExportAnswer> {
  try {
    return { ok: true, data: await sync.subjectExport(request) };
  } catch (error) {
    if (error instanceof OfflineError || error instanceof NotEnrolledError) return { ok: false, refusal: 'offline' };
    if (!(error instanceof RegisterError)) throw error;
    if (error.code === 'wrong-password') return { ok: false, refusal: 'wrong-password' };
    if (error.status === 429 && error.code === 'rate-limited') return { ok: false, refusal: 'locked', ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }) };
    if (error.status === 403 && error.code === 'forbidden') return { ok: false, refusal: 'not-administrator' };
    if (error.status === 404 && error.code === 'not-found') return { ok: false, refusal: 'not-your-borrower' };
    // Load shedding, a database away, a proxy's error page: not reachable for now.
    return { ok: false, refusal: 'offline' };
  }
}

export function deskRegisterHandlers(deps: { desk: DeskService; sync: SyncClient | undefined }): FeatureHandlers<(typeof deskRegisterChannels)[number]> {
  const { desk, sync } = deps;
  return {
    'desk.registerExport': ({ id, password }) => desk.exportFromRegister(id, password, sync && ((request) => askRegisterForExport(sync, request))),
  };
}
