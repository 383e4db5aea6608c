import { afterEach, describe, expect, it } from 'vitest';
import { demoBorrower } from '../../src/main/circulation/demo-seed';
import { all, sql } from '../../src/main/db/sql';
import { connectIpc, type IpcSocket } from '../helpers/processes';
import { fakeSerialPorts } from '../helpers/services';
import { startWebApp, type RunningApp } from '../helpers/web-app';

/** Issue 16, finding 4, as reproduced: concurrent PIN guesses over the web host's WebSocket. */
let app: RunningApp | undefined;
let ipc: IpcSocket | undefined;
afterEach(async () => {
  ipc?.close();
  await app?.stop();
  app = undefined;
});

describe('kiosk PIN guesses over the web host WebSocket', () => {
  it('50 guesses sent at once: at most 2 are answered wrong before the lock; the right PIN sent with them does not sign in, and the card stays locked', async () => {
    app = await startWebApp({ initialConfig: { mode: 'kiosk', language: 'en' }, serialPorts: fakeSerialPorts([]), hardware: { hid: null } });
    await app.services.seedDemo();
    ipc = await connectIpc(app.url);
    expect(await ipc.call('kiosk.identify', { cardNumber: demoBorrower.cardNumber })).toMatchObject({ stage: 'pin' });

    const pins = [...Array.from({ length: 50 }, (_, i) => String(7000 + i)), demoBorrower.pin];
    const answers = await Promise.all(pins.map((pin) => ipc!.invoke('kiosk.pin', { pin })));
    expect(answers.filter((a) => a.ok)).toEqual([]);
    const wrong = answers.filter((a) => !a.ok && a.error.code === 'kiosk.pin.attemptsLeft').length;
    expect(wrong).toBeLessThanOrEqual(2);

    // The card is locked: identifying again is refused, so the right PIN cannot be tried.
    expect(await ipc.invoke('kiosk.identify', { cardNumber: demoBorrower.cardNumber })).toMatchObject({ ok: false, error: { code: 'kiosk.refusal.locked-out' } });
    expect(all(app.services.db, sql`SELECT kind FROM outbox WHERE kind = 'borrower.lockout'`)).toEqual([{ kind: 'borrower.lockout' }]);
  });
});
