import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { all, sql } from '../../../src/main/db/sql';
import type { TerminalInfo } from '../../../src/shared/ipc/contract';
import { pullAll, startRegister, type TestRegister } from '../../helpers/register-fixture';
import { solidPng } from '../../helpers/png';
import { testServices } from '../../helpers/services';

// The renderer's module, loaded as look.test.ts loads it.
const { brandOf, defaultBrand } = await import('../../../src/renderer/src/theme/brand');

const ctx = { host: 'web' } as const;

/**
 * A library's branding travels (issue 17): set on the register → pulled by the terminals of that library and its
 * branches → kept in their database → handed to the renderer (terminal.info and terminal.changed) → the theme.
 * Another library's terminals never get it. On PGlite.
 */
describe('library branding from the register to the screens', { timeout: 90_000 }, () => {
  let register: TestRegister;
  const terminals: AppServices[] = [];
  const logo = solidPng(64, 32, [26, 77, 143]);

  beforeAll(async () => {
    register = await startRegister({ backend: 'pglite' });
  }, 60_000);
  afterAll(async () => {
    for (const t of terminals) await t.shutdown();
    await register?.stop();
  });

  /** A terminal of `mode` enrolled for a library's site (the library itself or one of its branches), with what it announced to the screen. */
  const terminal = async (mode: 'kiosk' | 'desk' | 'door', libraryId: string, branchId = libraryId) => {
    const services = testServices({ initialConfig: { mode }, env: { LANEDISK_REGISTER_URL: register.url } });
    terminals.push(services);
    const announced: TerminalInfo[] = [];
    services.events.forward((event, payload) => {
      if (event === 'terminal.changed') announced.push(payload as TerminalInfo);
    });
    await services.sync!.enrol(await register.enrolmentCode(mode, { libraryId, branchId }), { terminalName: `${mode} ${branchId}` });
    const info = async () => {
      const result = await services.dispatcher.dispatch('terminal.info', {}, ctx);
      if (!result.ok) throw new Error(result.error.message);
      return result.value as TerminalInfo;
    };
    return { services, announced, info, stored: () => all(services.db, sql`SELECT library_id, display_name, colour, length(logo) AS bytes FROM library_branding`) };
  };

  it("shows Malmö's name, colour and logo on Malmö's kiosk, branch desk and door, and never on Lund's kiosk; clearing brings back the default look", async () => {
    const kiosk = await terminal('kiosk', 'malmo');
    const branchDesk = await terminal('desk', 'malmo', 'malmo-limhamn');
    const door = await terminal('door', 'malmo');
    const lund = await terminal('kiosk', 'lund');
    for (const t of [kiosk, branchDesk, door, lund]) await t.services.sync!.syncOnce();
    // Before any branding: each library's own name, Lånedisk's colour, no logo.
    expect((await kiosk.info()).brand).toEqual({ name: 'Malmö stadsbibliotek' });
    expect(brandOf(await kiosk.info())).toEqual({ name: 'Malmö stadsbibliotek', primaryColor: defaultBrand.primaryColor, logo: undefined });

    const set = await register.admin('PUT', '/admin/libraries/malmo/branding', { displayName: 'Malmö bibliotek', colour: '#1a4d8f', logo: { mediaType: 'image/png', base64: logo.toString('base64') } });
    expect(set.status).toBe(200);
    for (const t of [kiosk, branchDesk, door, lund]) await t.services.sync!.syncOnce();

    const expected = { name: 'Malmö bibliotek', primaryColor: '#1a4d8f', logo: `data:image/png;base64,${logo.toString('base64')}` };
    for (const t of [kiosk, branchDesk, door]) {
      expect(t.stored()).toEqual([{ library_id: 'malmo', display_name: 'Malmö bibliotek', colour: '#1a4d8f', bytes: logo.length }]);
      expect((await t.info()).brand).toEqual(expected);
      // The screen follows without a restart.
      expect(t.announced.at(-1)?.brand).toEqual(expected);
      expect(brandOf(t.announced.at(-1))).toEqual(expected);
    }
    expect(lund.stored()).toEqual([]);
    expect((await lund.info()).brand).toEqual({ name: 'Lunds stadsbibliotek' });
    expect(brandOf(await lund.info()).primaryColor).toBe(defaultBrand.primaryColor);
    // The register never sent it there, to any mode of Lund.
    const lundDesk = await register.terminal('desk', 'Lund desk', 'lund');
    expect((await pullAll(lundDesk)).changes.filter((c) => c.kind === 'library_branding.set')).toEqual([]);

    expect((await fetch(new URL('/admin/libraries/malmo/branding', register.url), { method: 'DELETE', headers: { authorization: 'Bearer test-admin-token-0123456789abcdef', 'x-lanedisk-admin': '1' } })).status).toBe(200);
    for (const t of [kiosk, branchDesk, door]) {
      await t.services.sync!.syncOnce();
      expect(t.stored()).toEqual([]);
      expect((await t.info()).brand).toEqual({ name: 'Malmö stadsbibliotek' });
      expect(brandOf(t.announced.at(-1))).toEqual({ name: 'Malmö stadsbibliotek', primaryColor: defaultBrand.primaryColor, logo: undefined });
    }
  });

  it('shows only the enrolled library’s branding even if another library’s reached the cache', async () => {
    const kiosk = await terminal('kiosk', 'lund');
    await kiosk.services.sync!.syncOnce();
    kiosk.services.db.prepare(`INSERT INTO library_branding (library_id, display_name, colour, updated_at) VALUES ('malmo', 'Malmö bibliotek', '#1a4d8f', 'x')`).run();
    expect((await kiosk.info()).brand).toEqual({ name: 'Lunds stadsbibliotek' });
  });
});
