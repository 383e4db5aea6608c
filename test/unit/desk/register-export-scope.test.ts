import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { all, sql } from '../../../src/main/db/sql';
import type { RegisterExporter } from '../../../src/main/desk/register-export';
import { RegistrationInputSchema } from '../../../src/shared/desk/registration';
import type { DeskSubjectExportRequest } from '../../../src/shared/sync/protocol';
import { adult, insertListedBorrower, pnr, signIn } from '../../helpers/desk';
import { refusal, value, valueOf } from '../../helpers/result';
import { testServices } from '../../helpers/services';

/**
 * The register answers a desk's register-wide export only for the desk's own library's borrowers, or one who moved away
 * from it by an accepted transfer, never a protected identity (src/server/routes/desk-subject-export.ts). Administrators
 * and central staff open every library's borrowers at a desk, so the page offers the export only where the register
 * answers (`registerExportable`), and the desk asks nothing of the register elsewhere: the register's refusal, localized.
 */
describe('desk: the register-wide export where the register answers', () => {
  let services: AppServices;
  let asked: DeskSubjectExportRequest[];
  const exporter: RegisterExporter = (request) => {
    asked.push(request);
    return Promise.resolve({ ok: true, data: { scope: 'register' } as never });
  };
  beforeEach(() => {
    services = testServices({ initialConfig: { mode: 'desk', language: 'en' } });
    asked = [];
  });
  afterEach(() => services.close());

  const register = async (identityNumber: string) => valueOf(services.desk.register(RegistrationInputSchema.parse(adult({ identityNumber }))));
  const exportAudit = () => all<{ action: string; details: string }>(services.db, sql`SELECT action, details FROM audit_log WHERE action LIKE 'borrower.register-export%' ORDER BY id`);

  it('neither offers nor asks for another library’s borrower; offers and asks for its own and one who moved away from it', async () => {
    await signIn(services, 'lundRegistrar');
    const lund = await register(pnr('1970-02-03', 123));
    services.desk.logout();
    await signIn(services, 'registrar');
    const own = await register(pnr('1971-03-04', 234));
    const leaving = await register(pnr('1972-04-05', 345));
    value(services.desk.requestTransfer(leaving.id, 'lund'));
    services.desk.logout();
    await signIn(services, 'lundRegistrar');
    const pending = value(services.desk.startPage()).transfers.find((t) => t.borrowerId === leaving.id)!;
    value(services.desk.decideTransfer(pending.id, true));
    services.desk.logout();

    await signIn(services, 'admin');
    expect(value(services.desk.get(lund.id))).toMatchObject({ libraryName: 'Lunds stadsbibliotek', registerExportable: false });
    expect(value(services.desk.get(own.id))).toMatchObject({ libraryName: 'Malmö stadsbibliotek', registerExportable: true });
    expect(value(services.desk.get(leaving.id))).toMatchObject({ libraryName: 'Lunds stadsbibliotek', registerExportable: true });

    expect(await refusal(services.desk.exportFromRegister(lund.id, 'demo-admin', exporter))).toEqual({ kind: 'not-found', code: 'desk.registerExport.notYourBorrower' });
    expect(asked).toEqual([]);
    expect(exportAudit()).toEqual([{ action: 'borrower.register-export-refused', details: '{"reason":"not-your-borrower"}' }]);
    // Over IPC, in the terminal's language.
    expect(await services.dispatcher.dispatch('desk.registerExport', { id: lund.id, password: 'demo-admin' }, { host: 'web' })).toMatchObject({
      ok: false,
      error: { kind: 'not-found', message: 'This person has no account at your library in the register.' },
    });

    await valueOf(services.desk.exportFromRegister(own.id, 'demo-admin', exporter));
    await valueOf(services.desk.exportFromRegister(leaving.id, 'demo-admin', exporter));
    expect(asked.map((r) => r.borrowerId)).toEqual([own.id, leaving.id]);
  });

  it('neither offers nor asks for a protected identity, even to central staff who open it', async () => {
    await signIn(services, 'central');
    const hidden = insertListedBorrower(services.db, 4, 'adult', null, { protected: true });
    expect(value(services.desk.get(hidden))).toMatchObject({ protected: true, registerExportable: false });
    expect(await refusal(services.desk.exportFromRegister(hidden, 'demo-admin', exporter))).toEqual({ kind: 'not-found', code: 'desk.registerExport.notYourBorrower' });
    expect(asked).toEqual([]);
  });
});
