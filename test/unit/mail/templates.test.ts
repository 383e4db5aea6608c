import { describe, expect, it } from 'vitest';
import { MailValidationError } from '../../../src/main/mail/errors';
import { formatMailDate, mailTemplateIds, mailTemplates, renderMail, type MailTemplateId } from '../../../src/main/mail/templates';
import { languages, PASSWORD, sampleParams } from './fixtures';

function render(template: MailTemplateId, language: (typeof languages)[number], params: Record<string, string>) {
  return renderMail(template, language, params as never);
}

const cases = mailTemplateIds.flatMap((template) => languages.map((language) => [template, language] as const));

describe('mail templates', () => {
  it('has the templates the register and the kiosk send', () => {
    expect([...mailTemplateIds].sort()).toEqual(
      ['loan-receipt', 'moved-to-library', 'registration-login', 'transfer-accepted', 'transfer-rejected', 'transfer-requested', 'validity-expiring'].sort(),
    );
  });

  it('refuses a receipt with control characters or an identity number in its lines', () => {
    const base = sampleParams['loan-receipt'];
    expect(() => render('loan-receipt', 'sv', { ...base, lines: 'ok\u0007bell' })).toThrow(/lines/);
    expect(() => render('loan-receipt', 'sv', { ...base, lines: 'Lånat av 811218-9876' })).toThrow(/lines/);
    expect(() => render('loan-receipt', 'sv', { ...base, lines: 'Streckkod: 198112189876' })).toThrow(/lines/);
    expect(() => render('loan-receipt', 'sv', { ...base, lines: 'Streckkod: 8112189876' })).toThrow(/lines/);
    // An item barcode (14 digits) is not an identity number.
    expect(render('loan-receipt', 'sv', { ...base, lines: 'Streckkod: 39000000000011' }).body).toContain('Streckkod: 39000000000011');
    expect(render('loan-receipt', 'en', base).body).toContain('Återlämnat: Mio, min Mio');
  });

  it.each(cases)('%s renders in %s with every param and no placeholder left', (template, language) => {
    const params = sampleParams[template] as Record<string, string>;
    const mail = render(template, language, params);
    expect(mail.subject.length).toBeGreaterThan(5);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(`${mail.subject}\n${mail.body}`).not.toMatch(/\{\{|\}\}/);
    expect(mail.body).toContain(params['name']);
    // Every param reaches the reader in every language (a translation may not drop one).
    for (const [key, value] of Object.entries(params)) {
      const shown = key === 'validUntil' ? formatMailDate(value, language) : value;
      expect(`${mail.subject}\n${mail.body}`, `${template}/${language} shows ${key}`).toContain(shown);
    }
  });

  it.each(cases)('%s in %s contains no identity-number-like digit run', (template, language) => {
    const mail = render(template, language, sampleParams[template]);
    expect(`${mail.subject}\n${mail.body}`).not.toMatch(/\d{10,}/);
    expect(`${mail.subject}\n${mail.body}`).not.toMatch(/\d{6}[-+]\d{4}/);
  });

  it('is written in the reader’s language', () => {
    const params = sampleParams['registration-login'];
    expect(renderMail('registration-login', 'sv', params).body).toMatch(/Lösenord: Kx7-pQ2m-vTz9/);
    expect(renderMail('registration-login', 'da', params).body).toMatch(/Adgangskode: Kx7-pQ2m-vTz9/);
    expect(renderMail('registration-login', 'en', params).body).toMatch(/Password: Kx7-pQ2m-vTz9/);
    expect(renderMail('transfer-accepted', 'da', sampleParams['transfer-accepted']).subject).toBe(
      'Din lånerkonto er flyttet til Københavns Hovedbibliotek',
    );
    expect(renderMail('transfer-rejected', 'sv', sampleParams['transfer-rejected']).subject).toBe('Flytten till Uppsala stadsbibliotek blev inte av');
  });

  it('writes the expiry date the way each language does', () => {
    const params = sampleParams['validity-expiring'];
    expect(renderMail('validity-expiring', 'sv', params).body).toContain('gäller till den 15 mars 2025');
    expect(renderMail('validity-expiring', 'da', params).body).toContain('gælder til den 15. marts 2025');
    expect(renderMail('validity-expiring', 'en', params).body).toContain('valid until 15 March 2025');
  });

  it('uses only placeholders its params define, in every language', () => {
    for (const [id, def] of Object.entries(mailTemplates)) {
      const keys = Object.keys((def.params as unknown as { shape: Record<string, unknown> }).shape);
      for (const language of languages) {
        const text = def.text[language];
        for (const [, key] of `${text.subject}${text.body}`.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
          expect(keys, `${id}/${language} uses {{${key}}}`).toContain(key);
        }
      }
    }
  });

  it('does not expand placeholders inside a value', () => {
    const mail = render('moved-to-library', 'en', { name: 'Mr {{toLibrary}}', toLibrary: 'Lund' });
    expect(mail.body).toContain('Hello Mr {{toLibrary}},');
  });

  it('marks only the login mail as secret', () => {
    const secret = Object.entries(mailTemplates)
      .filter(([, def]) => def.secret)
      .map(([id]) => id);
    expect(secret).toEqual(['registration-login']);
  });

  describe('refuses bad params with the field named (and never the value)', () => {
    const bad: [string, MailTemplateId, Record<string, string>, string][] = [
      ['a missing param', 'transfer-accepted', { name: 'Anna' }, 'params.toLibrary'],
      ['an empty name', 'moved-to-library', { name: '  ', toLibrary: 'Lund' }, 'params.name'],
      ['a newline (header injection)', 'moved-to-library', { name: 'Anna', toLibrary: 'Lund\r\nBcc: x@evil.example' }, 'params.toLibrary'],
      ['a personnummer in a name', 'moved-to-library', { name: 'Anna 19800101-1234', toLibrary: 'Lund' }, 'params.name'],
      ['a CPR in a name', 'moved-to-library', { name: 'Søren 0101801234', toLibrary: 'Lund' }, 'params.name'],
      ['an LMA number in a name', 'moved-to-library', { name: 'Ali 12-345678', toLibrary: 'Lund' }, 'params.name'],
      ['a short password', 'registration-login', { ...sampleParams['registration-login'], password: 'abc' }, 'params.password'],
      ['a bad login address', 'registration-login', { ...sampleParams['registration-login'], email: 'asa@' }, 'params.email'],
      ['a bad date', 'validity-expiring', { ...sampleParams['validity-expiring'], validUntil: '2025-02-30' }, 'params.validUntil'],
    ];
    it.each(bad)('%s', (_label, template, params, path) => {
      let caught: unknown;
      try {
        render(template, 'sv', params);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(MailValidationError);
      const error = caught as MailValidationError;
      expect(error.issues.map((i) => i.path)).toContain(path);
      expect(error.message).toContain(path);
      expect(error.message).not.toContain(PASSWORD);
      expect(error.message).not.toContain('19800101');
    });
  });

  it('lets a random password through even when it is digits only', () => {
    const mail = render('registration-login', 'sv', { ...sampleParams['registration-login'], password: '8342917734' });
    expect(mail.body).toContain('Lösenord: 8342917734');
  });
});
