import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { i18nOptions } from '../../../src/shared/i18n/resources';
import { checkHardwareSettings } from '../../../src/main/hardware/settings';
import { defaultHardwareSettings } from '../../../src/shared/hardware/settings';
import { createTranslator } from '../../../src/main/ipc/translator';
import { fieldLabel, issueMessage, issuePath, zodErrorMap } from '../../../src/shared/validation/issues';

const i18n = i18next.createInstance();
void i18n.init({ ...i18nOptions, lng: 'en', initAsync: false });

const Form = z
  .object({
    count: z.int(),
    baudRate: z.number().min(100),
    code: z.string().min(3).max(5),
    name: z.string().min(1),
    kind: z.enum(['a', 'b']),
    email: z.email(),
    groups: z.array(z.string()).min(1),
    ratio: z.number().gt(0),
  })
  .strict();

const input = { count: 1.5, baudRate: 5, code: 'ab', name: '', kind: 'q', email: 'nope', groups: [], ratio: 0, extra: 1 };

function messages(language: 'sv' | 'da' | 'en') {
  const t = i18n.getFixedT(language);
  const result = Form.safeParse(input, { error: zodErrorMap((key, params) => t(key, params)) });
  if (result.success) throw new Error('expected a failure');
  return Object.fromEntries(result.error.issues.map((issue) => [issuePath(issue), issue.message]));
}

describe('zod issues in words', () => {
  it('maps each issue to a key with its values, never a type name', () => {
    const result = Form.safeParse(input);
    if (result.success) throw new Error('expected a failure');
    expect(result.error.issues.map((issue) => [issuePath(issue), issueMessage(issue)])).toEqual([
      ['count', { key: 'validation.integer', params: {} }],
      ['baudRate', { key: 'validation.number.min', params: { minimum: 100 } }],
      ['code', { key: 'validation.text.min', params: { count: 3 } }],
      ['name', { key: 'validation.required', params: {} }],
      ['kind', { key: 'validation.option', params: {} }],
      ['email', { key: 'validation.format.email', params: {} }],
      ['groups', { key: 'validation.required', params: {} }],
      ['ratio', { key: 'validation.number.above', params: { minimum: 0 } }],
      ['', { key: 'validation.unknownKeys', params: { count: 1, keys: 'extra' } }],
    ]);
  });

  it('says "required" for a missing field rather than the type it expected', () => {
    const result = z.object({ path: z.string(), baudRate: z.number() }).safeParse({});
    if (result.success) throw new Error('expected a failure');
    expect(result.error.issues.map((issue) => issueMessage({ ...issue, input: undefined }).key)).toEqual(['validation.required', 'validation.required']);
  });

  it('speaks each language, with plurals', () => {
    expect(messages('en')).toMatchObject({ baudRate: 'Must be at least 100.', code: 'Must have at least 3 characters.', name: 'Required.', '': 'Unknown setting: extra.' });
    expect(messages('sv')).toMatchObject({ baudRate: 'Måste vara minst 100.', code: 'Måste ha minst 3 tecken.', name: 'Obligatoriskt.', kind: 'Välj ett av alternativen.' });
    expect(messages('da')).toMatchObject({ baudRate: 'Skal være mindst 100.', code: 'Skal have mindst 3 tegn.', name: 'Skal udfyldes.', email: 'Skriv en gyldig e-mailadresse.' });
    const t = i18n.getFixedT('en');
    expect(t('validation.text.max', { count: 1 })).toBe('Must have at most 1 character.');
  });

  it('names a settings path in words', () => {
    const t = i18n.getFixedT('da');
    const words = (path: string) => fieldLabel(path).map((part) => t(part.key, part.params)).join(' · ');
    expect(words('readers.1.path')).toBe('Læser 2 · Seriel enhed');
    expect(words('readers.0.baudRate')).toBe('Læser 1 · Overførselshastighed (baud)');
    expect(words('')).toBe('');
  });
});

describe('main-side refusals use the same sentences', () => {
  it('the dispatcher’s error map', () => {
    const map = createTranslator().zodErrorMap('sv');
    const result = z.object({ baudRate: z.number().min(100) }).safeParse({ baudRate: 5 }, { error: map });
    expect(result.error?.issues[0]?.message).toBe('Måste vara minst 100.');
  });

  it('the technician’s reader settings: the right field, in the terminal’s language, no zod type talk', () => {
    const settings = {
      ...defaultHardwareSettings,
      readers: [
        { id: 'door-1', kind: 'simulated', role: 'door', profileId: 'dk-health-card' },
        { id: 'desk-1', kind: 'serial', role: 'desk', profileId: 'dk-health-card', path: '/dev/ttyACM0', baudRate: 20 },
      ],
    };
    const checked = checkHardwareSettings(settings, 'sv');
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.issues).toEqual([{ path: 'readers.1.baudRate', message: 'Måste vara minst 50.' }]);
  });
});
