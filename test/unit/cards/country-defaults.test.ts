import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run, sql } from '../../../src/main/db/sql';
import { syncKeys, writeState } from '../../../src/main/sync/state';
import { builtinProfiles, countryOf, defaultProfileId, profilesForCountry } from '../../../src/shared/cards';
import { testServices } from '../../helpers/services';

const ctx = { host: 'web' } as const;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('defaults that follow the library’s country', () => {
  it('a Swedish or Norwegian terminal starts from the library card, a Danish one from the health card', () => {
    expect(defaultProfileId('SE')).toBe('library-card-barcode');
    expect(defaultProfileId('NO')).toBe('library-card-barcode');
    expect(defaultProfileId('DK')).toBe('dk-health-card');
    expect(profilesForCountry(builtinProfiles, 'SE').map((p) => p.id)).toEqual([
      'library-card-barcode',
      'typed-identity-se',
      'library-card-codabar-14',
      'library-card-code39',
      'library-card-magstripe',
      'rfid-iso15693-uid',
      'dk-health-card',
      'dk-health-card-barcode',
      'rfid-danish-data-model',
      'typed-identity-dk',
    ]);
    expect(profilesForCountry(builtinProfiles, 'DK').map((p) => p.id).slice(0, 4)).toEqual(['dk-health-card', 'dk-health-card-barcode', 'rfid-danish-data-model', 'typed-identity-dk']);
  });

  it('the library’s country wins over the terminal’s language, which is only a guess', () => {
    expect(countryOf('DK', 'sv')).toBe('DK');
    expect(countryOf(undefined, 'sv')).toBe('SE');
    expect(countryOf(undefined, 'da')).toBe('DK');
    expect(countryOf(undefined, 'en')).toBeUndefined();
  });

  it.each([
    ['malmo', 'SE', 'library-card-barcode'],
    ['kk', 'DK', 'dk-health-card'],
  ] as const)('an enrolled %s terminal (%s, English screens) defaults its door reader and the profile list to %s', async (library, country, profile) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'lanedisk-country-'));
    dirs.push(dataDir);
    const first = testServices({ dataDir, initialConfig: { language: 'en' } });
    run(first.db, sql`INSERT OR IGNORE INTO library (id, name, country) VALUES (${library}, ${library}, ${country})`);
    writeState(first.db, syncKeys.enrolledMode, 'desk');
    writeState(first.db, syncKeys.libraryId, library);
    writeState(first.db, syncKeys.branchId, library);
    first.close();

    const services = testServices({ dataDir, initialConfig: { language: 'en' } });
    const settings = await services.dispatcher.dispatch('hardware.getSettings', {}, ctx);
    expect(settings).toMatchObject({ ok: true, value: { readers: [{ id: 'door-reader', profileId: profile }] } });
    const profiles = await services.dispatcher.dispatch('hardware.profiles', {}, ctx);
    expect(profiles.ok && (profiles.value as { id: string }[])[0]?.id).toBe(profile);
    services.close();
  });
});
