import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { startEmbeddedRegister, type EmbeddedRegister } from '../../../src/main/web/embedded-register';
import { RegistrationInputSchema } from '../../../src/shared/desk/registration';
import { demoBorrower } from '../../../src/main/circulation/demo-seed';
import { all, get, sql } from '../../../src/main/db/sql';
import { demoAccounts } from '../../../src/main/desk/demo-seed';
import { adult, signIn } from '../../helpers/desk';
import { silentLogger } from '../../helpers/logger';
import { testServices } from '../../helpers/services';
import { value, valueOf } from '../../helpers/result';

const dirs: string[] = [];
let register: EmbeddedRegister | undefined;
let services: AppServices | undefined;
afterEach(async () => {
  await services?.shutdown();
  await register?.close();
  services = undefined;
  register = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the one-command demo’s embedded register', () => {
  it('starts on PGlite with the demo reference data, enrols a terminal and takes its registrations, which reach a second terminal', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'lanedisk-embedded-'));
    dirs.push(dataDir);
    // In memory here: PGlite on disk inside the vitest worker fails to reopen relation files (the CLI, one
    // process per start, persists fine); the register logic is the same.
    register = await startEmbeddedRegister({ dataDir, log: silentLogger, inMemory: true });
    services = testServices({ env: { LANEDISK_REGISTER_URL: register.url } });
    await signIn(services);
    await services.sync!.enrol(await register.enrolmentCode('desk'), { terminalName: 'Desk 1' });
    const borrower = await valueOf(services.desk.register(RegistrationInputSchema.parse(adult({ lastName: 'Inbäddad' }))));
    await services.sync!.syncOnce();
    expect(services.sync!.status()).toMatchObject({ enrolled: true, online: true, pendingOutbox: 0, quarantined: 0 });
    // The demo keeps its demo: enrolment removed the terminal's own demo rows, the demo register sent its own.
    expect(get(services.db, sql`SELECT first_name, pin_hash IS NOT NULL AS pin FROM borrower WHERE id = ${demoBorrower.id}`)).toEqual({ first_name: 'Alva', pin: 1 });
    expect(get(services.db, sql`SELECT count(*) AS n FROM item WHERE hold_for = ${demoBorrower.id}`)).toEqual({ n: 1 });
    expect(all(services.db, sql`SELECT email FROM staff ORDER BY email`)).toEqual([
      { email: demoAccounts.admin.email },
      { email: demoAccounts.registrar.email },
      { email: demoAccounts.technician.email },
    ]);

    // A second terminal gets the registration through the register.
    const second = testServices({ env: { LANEDISK_REGISTER_URL: register.url } });
    try {
      await signIn(second);
      await second.sync!.enrol(await register.enrolmentCode('desk'), { terminalName: 'Desk 2' });
      await second.sync!.syncOnce();
      expect(value(second.desk.search('Inbäddad', 10)).map((b) => b.id)).toEqual([borrower.id]);
    } finally {
      await second.shutdown();
    }
  }, 60_000);
});
