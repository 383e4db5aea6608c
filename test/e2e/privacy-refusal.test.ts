import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DatabaseKeyState } from '../../src/main/privacy/db-key';
import { seriousViolations } from '../helpers/browser';
import { fakeSerialPorts } from '../helpers/services';
import { useBrowserAndApps } from '../helpers/web-app';

const { chromium, start } = useBrowserAndApps();

const insecure: DatabaseKeyState = {
  ok: false,
  messageKey: 'privacy.refused.insecureKeyStore',
  params: { store: 'Electron safeStorage (basic_text)' },
  describe: 'Electron safeStorage (basic_text)',
};

async function refusalText(page: Page): Promise<string> {
  const alert = page.getByRole('alert').filter({ has: page.getByRole('heading', { level: 2 }) });
  await alert.waitFor();
  return alert.innerText();
}

describe('a terminal without a secure database key', () => {
  it('opens on the technician screen (even when set up as a kiosk) and says why and what to do, in its language', async () => {
    const app = await start({ serialPorts: fakeSerialPorts([]), initialConfig: { mode: 'kiosk', language: 'da' }, databaseKey: insecure });
    const page = await chromium.open(app.url);
    const text = await refusalText(page);
    expect(text).toContain('Personoplysninger er slået fra på denne terminal');
    expect(text).toContain('Der er intet sikkert sted til databasenøglen (Electron safeStorage (basic_text))');
    expect(text).toContain('systemd-credential lanedisk-db-key');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
