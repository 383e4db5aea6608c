import { describe, expect, it } from 'vitest';
import { enrolFailure } from '../../../src/main/app/features/sync';
import { createTranslator } from '../../../src/main/ipc/translator';
import { OfflineError, RegisterError } from '../../../src/main/sync/http';

describe('enrolment failures in words', () => {
  const t = createTranslator();
  it.each([
    [new RegisterError(403, 'invalid-code', 'the enrolment code is unknown, used or expired'), 'sync.error.enrolInvalidCode'],
    [new RegisterError(403, 'mode-mismatch', 'the enrolment code was issued for a kiosk terminal'), 'sync.error.enrolModeMismatch'],
    [new RegisterError(503, 'unknown', 'Service Unavailable'), 'sync.error.enrolOffline'],
    [new OfflineError(new Error('ECONNREFUSED')), 'sync.error.enrolOffline'],
    [new RegisterError(400, 'invalid-request', 'bad'), 'sync.error.enrolRefused'],
  ])('%s → %s, with no HTTP status or register English in any language', (error, key) => {
    expect(enrolFailure(error)).toBe(key);
    for (const language of ['sv', 'da', 'en'] as const) {
      const text = t.t(language, enrolFailure(error));
      expect(text).not.toMatch(/\b(403|503|400)\b|register \d|Service Unavailable|ECONNREFUSED|invalid-code|mode-mismatch/);
    }
  });
});
