import { afterEach, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/browser';
import { configurePtyDoor } from '../helpers/door-rig';
import { buildHealthCardTracks } from '../../src/shared/cards';
import { cpr } from '../helpers/desk';
import { waitForEvent } from '../helpers/hardware';
import { createPtyPair, writeToPty, type PtyPair } from '../helpers/pty';
import { openBoard, type Board } from '../helpers/relay-board';
import { borrowerFields, createMutation, startRegister, type TestRegister } from '../helpers/register-fixture';
import { fakeSerialPorts } from '../helpers/services';
import { useBrowserAndApps } from '../helpers/web-app';

const { chromium, start } = useBrowserAndApps();
const ctx = { host: 'web' } as const;
const kk = { libraryId: 'kk', branchId: 'kk' };
let register: TestRegister | undefined;
const pairs: PtyPair[] = [];
const boards: Board[] = [];

afterEach(async () => {
  for (const board of boards.splice(0)) board.close();
  for (const pair of pairs.splice(0)) await pair.close();
  await register?.stop();
  register = undefined;
});

describe('opt-in to the open library (issue 14, Chromium)', () => {
  it('a door that requires it refuses a borrower without one with the reason on screen, and admits them once desk staff recorded it', { timeout: 180_000 }, async () => {
    register = await startRegister({ backend: 'pglite' });
    expect(
      (await register.admin('PUT', '/admin/staff/staff-kk-desk', { libraryId: 'kk', email: 'mette@kk.example', name: 'Mette Disk', role: 'registrar', password: 'desk-secret-1' }))
        .status,
    ).toBe(200);
    // A Copenhagen borrower whose health card the door reads.
    const number = cpr('1985-03-15').replace('-', '');
    const healthCard = buildHealthCardTracks({ cpr: number, surname: 'Testesen', given: 'Marie', address: 'Søndergade 12', postcode: '2100' });
    const borrower = borrowerFields({ identity_kind: 'dk-cpr', identity_number: number, birth_date: '1985-03-15', first_name: 'Marie', last_name: 'Testesen', library_id: 'kk', email: 'marie.testesen@example.dk' });
    const seed = await register.terminal('desk', 'Seed desk', 'kk');
    const seeded = await seed.push([createMutation(borrower)]);
    expect(seeded.results, JSON.stringify(seeded.results)).toMatchObject([{ status: 'applied' }]);

    // The door: real pty reader and relay, enrolled for Copenhagen, its rules requiring the opt-in.
    const readerPair = await createPtyPair();
    const relayPair = await createPtyPair();
    pairs.push(readerPair, relayPair);
    boards.push(openBoard(relayPair.device));
    const door = await start({
      initialConfig: { mode: 'door', language: 'en' },
      serialPorts: fakeSerialPorts([{ path: readerPair.app }, { path: relayPair.app }]),
      hardware: { hid: null, readerBackoff: { initialMs: 20, maxMs: 100 } },
      // A Wednesday morning, inside the default self-service hours (08-21).
      now: () => new Date('2026-11-25T09:00:00Z'),
      env: { LANEDISK_REGISTER_URL: register.url, LANEDISK_DOOR_REQUIRE_OPT_IN: '1', LANEDISK_DOOR_MIN_AGE: '0' },
    });
    await door.services.sync!.enrol(await register.enrolmentCode('door', kk), { terminalName: 'Entrance door' });
    expect(await door.services.sync!.syncOnce()).toMatchObject({ online: true });
    const events = await configurePtyDoor(door.services, readerPair.app, relayPair.app);
    const doorPage = await chromium.open(door.url);
    await doorPage.getByRole('heading', { name: 'Library door' }).waitFor();
    writeToPty(readerPair.device, `${healthCard.track2}\r`);
    await doorPage.getByText('To use the open library when no staff are here, first sign up for it with the library staff.').waitFor();
    await waitForEvent(events, 'hardware.read', (r) => r.access?.allowed === false);
    expect(await seriousViolations(doorPage)).toEqual([]);

    // The desk: staff record the opt-in on the borrower page.
    const desk = await start({ initialConfig: { mode: 'desk', language: 'en' }, serialPorts: fakeSerialPorts([]), hardware: { hid: null }, env: { LANEDISK_REGISTER_URL: register.url } });
    expect(await desk.services.dispatcher.dispatch('sync.enrol', { code: await register.enrolmentCode('desk', kk) }, ctx)).toMatchObject({ ok: true });
    expect(await desk.services.sync!.syncOnce()).toMatchObject({ online: true });
    const page = await chromium.open(desk.url);
    await page.getByLabel('E-mail', { exact: true }).fill('mette@kk.example');
    await page.getByLabel('Password', { exact: true }).fill('desk-secret-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Find borrower' }).click();
    await page.getByLabel(/Search by name/).fill('Testesen');
    await page.getByRole('button', { name: 'Testesen, Marie' }).click();
    const section = page.getByTestId('door-opt-in');
    await section.getByText('The borrower has not signed up for the open library.').waitFor();
    await section.getByRole('button', { name: 'Record sign-up' }).click();
    await section.getByText('Required.').waitFor();
    await section.getByLabel('Version of the rules accepted').fill('2026-01');
    await section.getByRole('button', { name: 'Record sign-up' }).click();
    await section.getByText(/^Accepted the open library’s rules \(version 2026-01\) on .+\.$/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Desk → register → door (the pull's door.entitlement fetches the entry): the same card now opens the door.
    expect(await desk.services.sync!.syncOnce()).toMatchObject({ online: true, pendingOutbox: 0 });
    expect(await door.services.sync!.syncOnce()).toMatchObject({ online: true });
    const from = events.length;
    writeToPty(readerPair.device, `${healthCard.track2}\r`);
    await waitForEvent(events, 'hardware.read', (r) => r.access?.allowed === true, from);
    await doorPage.getByText('Welcome! The door is open.').waitFor();
  });
});
