import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildHealthCardTracks } from '../../src/shared/cards';
import { seriousViolations } from '../helpers/browser';
import { configurePtyDoor, feedDanishBorrowers, usePtyRig } from '../helpers/door-rig';
import { doorSequence, healthCard, testCpr, waitForEvent } from '../helpers/hardware';
import { createPtyPair, writeToPty } from '../helpers/pty';
import { fakeSerialPorts } from '../helpers/services';
import { useBrowserAndApps } from '../helpers/web-app';
import { openBoard, type Board } from '../helpers/relay-board';

const LCUS_ON = [0xa0, 0x01, 0x01, 0xa2];
const LCUS_OFF = [0xa0, 0x01, 0x00, 0xa1];

// The rig first: after hooks run last-registered first, so the app stops before its ptys close.
const { pairs, boards } = usePtyRig();
const { chromium, start } = useBrowserAndApps();
let page: Page;


/** The next 4-byte relay command that is not a repeat of the locked level. */
async function nextCommand(board: Board): Promise<number[]> {
  for (;;) {
    const bytes = await board.take(4);
    if (bytes.join() !== LCUS_OFF.join()) return bytes;
  }
}

describe('open-library door: a borrower at a door terminal (real pty reader and relay, Chromium)', () => {
  it('opens for a registered health card with a welcome on screen, and refuses an unknown card in plain words', async () => {
    const readerPair = await createPtyPair();
    const relayPair = await createPtyPair();
    pairs.push(readerPair, relayPair);
    const board = openBoard(relayPair.device);
    boards.push(board);
    // A Wednesday morning in Malmö, inside the default self-service hours (08-21).
    const app = await start({
      initialConfig: { mode: 'door', language: 'en' },
      serialPorts: fakeSerialPorts([{ path: readerPair.app }, { path: relayPair.app }]),
      hardware: { hid: null, readerBackoff: { initialMs: 20, maxMs: 100 } },
      now: () => new Date('2026-11-25T09:00:00Z'),
    });
    const { services } = app;
    await services.seedDemo({ borrowers: false });
    await feedDanishBorrowers(services, [{ ref: 'dk-1', cpr: testCpr }]);
    const events = await configurePtyDoor(services, readerPair.app, relayPair.app);
    page = await chromium.open(app.url);
    await page.getByRole('heading', { name: 'Library door' }).waitFor();

    writeToPty(readerPair.device, `${healthCard.track2}\r`);
    expect(await nextCommand(board)).toEqual(LCUS_ON);
    expect(await board.take(4)).toEqual(LCUS_OFF); // relocked after the pulse
    await page.getByText('Welcome! The door is open.').waitFor();
    expect(await page.locator('body').innerText()).not.toContain('Marie');
    expect(await seriousViolations(page)).toEqual([]);

    const stranger = buildHealthCardTracks({ cpr: '0202024321', surname: 'Ukendt', given: 'Ole', address: 'Vej 1', postcode: '2100' });
    const from = events.length;
    writeToPty(readerPair.device, `${stranger.track2}\r`);
    await page.getByText('We do not recognise this card. Please contact the library staff.').waitFor();
    await waitForEvent(events, 'hardware.read', (r) => r.access?.allowed === false, from);
    // No opening for the stranger: the registered card's next opening is the first pulse since, and its ON
    // the next command on the wire (the relay got only the relock after the first opening).
    writeToPty(readerPair.device, `${healthCard.track2}\r`);
    await waitForEvent(events, 'hardware.read', (r) => r.access?.allowed === true, from);
    expect(doorSequence(events, from)).toEqual(['refused: unknown-card', 'pulse', 'admitted']);
    expect(await nextCommand(board)).toEqual(LCUS_ON);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
