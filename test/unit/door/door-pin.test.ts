import { signInTechnicianIfAsked } from '../../helpers/desk';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { demoBorrower } from '../../../src/main/circulation/demo-seed';
import { payloads, recordEvents, waitForEvent } from '../../helpers/hardware';
import { testServices } from '../../helpers/services';
import { feedDoor } from '../../helpers/door-feed';
import { hashPassword } from '../../../src/common/passwords';

const ctx = { host: 'web' } as const;
let services: AppServices | undefined;
afterEach(async () => {
  await services?.shutdown();
  services = undefined;
});

/** Demo reference data, the demo borrower's card in the door feed, and a simulated door reader, connected. */
async function simulatedDoor(app: AppServices, pinHash: string | null) {
  await app.seedDemo({ borrowers: false });
  await feedDoor(app.db, app.doorFeedKeys, [{ ref: 'demo', cards: [demoBorrower.cardNumber], pinHash }]);
  await signInTechnicianIfAsked(app);
  const events = recordEvents(app);
  const dispatch = (channel: string, payload: unknown) => app.dispatcher.dispatch(channel, payload, ctx);
  expect(await dispatch('hardware.applyReaders', { readers: [{ id: 'door', kind: 'simulated', role: 'door', profileId: 'library-card-barcode' }] })).toMatchObject({ ok: true });
  await waitForEvent(events, 'hardware.readerStatus', (s) => s.readerId === 'door' && s.status === 'connected');
  return { events, dispatch };
}

describe('door with a PIN policy: card, then PIN at the door terminal', () => {
  // Three scrypt PIN checks at the register's cost (2^15) and one hash: slow on a loaded machine.
  it('asks for the PIN, refuses a wrong one, opens on the right one; the relay moves only then', { timeout: 20_000 }, async () => {
    services = testServices({
      env: { LANEDISK_DOOR_PIN: 'required' },
      initialConfig: { language: 'en', mode: 'door' },
      // Wednesday 10:00 in Malmö: within self-service hours.
      now: () => new Date('2026-11-25T09:00:00Z'),
      hardware: { hid: null },
    });
    // The register's door feed lists the demo borrower with their card and the PIN hash desk staff set.
    const { events, dispatch } = await simulatedDoor(services, await hashPassword(demoBorrower.pin));

    expect(await dispatch('hardware.simulateCard', { readerId: 'door', text: demoBorrower.cardNumber })).toMatchObject({ ok: true });
    expect(await waitForEvent(events, 'kiosk.door')).toEqual({
      admitted: false,
      pinRequired: true,
      message: 'Please type your PIN code. If you do not have one, ask the library staff.',
    });
    expect(await dispatch('kiosk.doorPin', { pin: '9999' })).toMatchObject({ ok: true, value: { admitted: false, pinRequired: true } });
    expect(payloads(events, 'hardware.door').filter((d) => d.state === 'unlocked')).toEqual([]);

    expect(await dispatch('kiosk.doorPin', { pin: demoBorrower.pin })).toMatchObject({ ok: true, value: { admitted: true, message: 'Welcome! The door is open.' } });
    await waitForEvent(events, 'hardware.door', (d) => d.state === 'unlocked');
    // The PIN is asked for once per card: a further PIN without a new card is refused.
    expect(await dispatch('kiosk.doorPin', { pin: demoBorrower.pin })).toMatchObject({ ok: true, value: { admitted: false, pinRequired: false } });
  });

  it('decides nothing outside door mode: a kiosk’s door reader refuses even a borrower the feed lists', async () => {
    services = testServices({ initialConfig: { language: 'en', mode: 'kiosk' }, now: () => new Date('2026-11-25T09:00:00Z'), hardware: { hid: null } });
    const { events, dispatch } = await simulatedDoor(services, null);
    expect(await dispatch('hardware.simulateCard', { readerId: 'door', text: demoBorrower.cardNumber })).toMatchObject({ ok: true });
    expect((await waitForEvent(events, 'hardware.read', (r) => r.access !== undefined)).access).toMatchObject({ allowed: false, reason: 'not-a-door', opened: false });
  });
});
