import { describe, expect, it } from 'vitest';
import { createAppServices } from '../../../src/main/app/services';
import { get, sql } from '../../../src/main/db/sql';
import { shellServiceOptions } from '../../../src/main/shell/service-options';
import { silentLogger } from '../../helpers/logger';
import { fakeSerialPorts } from '../../helpers/services';

describe('the Electron shell’s service options', () => {
  const options = (env: Record<string, string | undefined>) =>
    shellServiceOptions({ dataDir: ':memory:', appVersion: '0.0.0-test', log: silentLogger, serialPorts: fakeSerialPorts([]), env, hardware: { hid: null, autoStart: false } });

  it('never enable the demo, whatever the environment says', async () => {
    for (const env of [{}, { LANEDISK_DEMO: '1' }, { LANEDISK_DEMO: 'true' }, { LANEDISK_MODE: 'kiosk' }]) {
      const built = options(env);
      expect(built).toMatchObject({ host: 'electron', demo: false });
      const services = createAppServices(built);
      try {
        // No demo staff with published passwords, no demo borrower.
        expect(await services.seedDemo()).toBe(false);
        expect(get(services.db, sql`SELECT (SELECT count(*) FROM staff) + (SELECT count(*) FROM borrower) + (SELECT count(*) FROM item) AS n`)).toEqual({ n: 0 });
      } finally {
        await services.shutdown();
      }
    }
  });

  it('take the start mode from LANEDISK_MODE when it names one', () => {
    expect(options({ LANEDISK_MODE: 'kiosk' }).initialConfig).toEqual({ mode: 'kiosk' });
    expect(options({ LANEDISK_MODE: 'cashier' }).initialConfig).toEqual({});
  });
});
