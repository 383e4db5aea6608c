import { z } from 'zod';
import type { Language } from '../../shared/ipc/contract';
import { MailAddressSchema } from './address';
import { MailValidationError } from './errors';
import { formattingLocale } from '../../shared/locale';

export const mailLanguages = ['sv', 'da', 'en'] as const satisfies readonly Language[];
export type MailLanguage = (typeof mailLanguages)[number];

/**
 * Looks like a Swedish personnummer/samordningsnummer or Danish CPR
 * (6 digits, optional separator, 4 digits) or an LMA number (NN-NNNNNN).
 * Identity numbers never go into mail (SPEC 5), so such a parameter is refused.
 */
const identityLike = /\d{6}[-+]?\d{4}|(?<!\d)\d{2}-\d{6}(?!\d)/;

/** One line of text shown in a mail: no control characters (no header injection), no identity numbers. */
const DisplayText = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^\P{Cc}*$/u, { error: 'must be one line without control characters' })
  .refine((v) => !identityLike.test(v), { error: 'must not contain an identity number' });

/** The generated password: any printable characters, never checked for digit runs (it is random). */
const Password = z
  .string()
  .min(6)
  .max(200)
  .regex(/^\P{Cc}*$/u, { error: 'must be one line without control characters' });

type ParamsSchema = z.ZodType<Record<string, string>>;

interface TemplateText {
  subject: string;
  /** Plain text; `{{param}}` placeholders. */
  body: string;
}

interface TemplateDef<P extends ParamsSchema> {
  params: P;
  /**
   * Content that must not stay readable once it has done its job (the random
   * password): body and params are blanked as soon as the mail is sent or
   * given up; the subject and the fact it was sent stay.
   */
  secret: boolean;
  /** Turns validated params into the strings shown, e.g. a date in the reader's language. */
  display?: (params: z.output<P>, language: MailLanguage) => Record<string, string>;
  text: Record<MailLanguage, TemplateText>;
}

function defineTemplate<P extends ParamsSchema>(def: TemplateDef<P>): TemplateDef<P> {
  return def;
}

/** '2025-03-14' → '14 mars 2025' / '14. marts 2025' / '14 March 2025'. */
export function formatMailDate(isoDate: string, language: MailLanguage): string {
  return new Intl.DateTimeFormat(formattingLocale(language), { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

/**
 * An identity number standing alone (10 or 12 digits, with or without the dash), not digits inside a longer run:
 * receipts carry item barcodes (14 digits), which are not identity numbers.
 */
const identityAlone = /(?<!\d)(?:\d{2})?\d{6}[-+]?\d{4}(?!\d)|(?<!\d)\d{2}-\d{6}(?!\d)/;

/** Receipt lines: several lines of printable text (titles, barcodes and dates), still never an identity number. */
const ReceiptLines = z
  .string()
  .min(1)
  .max(4000)
  .regex(/^[^\p{Cc}]*(?:\n[^\p{Cc}]*)*$/u, { error: 'must be lines of printable text' })
  .refine((v) => !identityAlone.test(v), { error: 'must not contain an identity number' });

/** The mails the desk sends, as data. Plain text, in the borrower's language. */
export const mailTemplates = {
  'registration-login': defineTemplate({
    params: z.object({ name: DisplayText, email: MailAddressSchema, password: Password, libraryName: DisplayText }),
    secret: true,
    text: {
      sv: {
        subject: 'Dina inloggningsuppgifter till {{libraryName}}',
        body: `Hej {{name}}!

Du är nu registrerad som låntagare hos {{libraryName}}.

Så här loggar du in:
E-postadress: {{email}}
Lösenord: {{password}}

Lösenordet skapades automatiskt och finns bara i det här meddelandet. Personalen på biblioteket kan inte se det. Byt gärna lösenord första gången du loggar in. Om du glömmer det kan biblioteket hjälpa dig att få ett nytt.

Vänliga hälsningar
{{libraryName}}
`,
      },
      da: {
        subject: 'Dine login-oplysninger til {{libraryName}}',
        body: `Hej {{name}}

Du er nu oprettet som låner hos {{libraryName}}.

Sådan logger du ind:
E-mailadresse: {{email}}
Adgangskode: {{password}}

Adgangskoden er dannet automatisk og står kun i denne e-mail. Bibliotekets personale kan ikke se den. Skift gerne adgangskoden, første gang du logger ind. Hvis du glemmer den, kan biblioteket hjælpe dig med at få en ny.

Venlig hilsen
{{libraryName}}
`,
      },
      en: {
        subject: 'Your login details for {{libraryName}}',
        body: `Hello {{name}},

You are now registered as a borrower at {{libraryName}}.

How to log in:
E-mail address: {{email}}
Password: {{password}}

The password was generated automatically and exists only in this message. Library staff cannot see it. Please change it the first time you log in. If you forget it, the library can help you get a new one.

Kind regards
{{libraryName}}
`,
      },
    },
  }),

  'transfer-requested': defineTemplate({
    params: z.object({ name: DisplayText, fromLibrary: DisplayText, toLibrary: DisplayText }),
    secret: false,
    text: {
      sv: {
        subject: 'Begäran om flytt till {{toLibrary}}',
        body: `Hej {{name}}!

Vi har tagit emot en begäran om att flytta ditt låntagarkonto från {{fromLibrary}} till {{toLibrary}}.

{{toLibrary}} behandlar begäran, och du får ett nytt meddelande när den har godkänts eller avslagits. Till dess finns ditt konto kvar hos {{fromLibrary}}, och du lånar som vanligt.

Vänliga hälsningar
{{fromLibrary}}
`,
      },
      da: {
        subject: 'Anmodning om flytning til {{toLibrary}}',
        body: `Hej {{name}}

Vi har modtaget en anmodning om at flytte din lånerkonto fra {{fromLibrary}} til {{toLibrary}}.

{{toLibrary}} behandler anmodningen, og du får besked, når den er godkendt eller afvist. Indtil da forbliver din konto hos {{fromLibrary}}, og du låner som sædvanligt.

Venlig hilsen
{{fromLibrary}}
`,
      },
      en: {
        subject: 'Request to move to {{toLibrary}}',
        body: `Hello {{name}},

We have received a request to move your borrower account from {{fromLibrary}} to {{toLibrary}}.

{{toLibrary}} will handle the request, and you will hear from us again when it has been accepted or rejected. Until then your account stays with {{fromLibrary}} and you can borrow as usual.

Kind regards
{{fromLibrary}}
`,
      },
    },
  }),

  'transfer-accepted': defineTemplate({
    params: z.object({ name: DisplayText, toLibrary: DisplayText }),
    secret: false,
    text: {
      sv: {
        subject: 'Ditt låntagarkonto har flyttats till {{toLibrary}}',
        body: `Hej {{name}}!

{{toLibrary}} har godkänt flytten av ditt låntagarkonto. Från och med nu är {{toLibrary}} ditt bibliotek.

Du loggar in på samma sätt som tidigare.

Vänliga hälsningar
{{toLibrary}}
`,
      },
      da: {
        subject: 'Din lånerkonto er flyttet til {{toLibrary}}',
        body: `Hej {{name}}

{{toLibrary}} har godkendt flytningen af din lånerkonto. Fra nu af er {{toLibrary}} dit bibliotek.

Du logger ind på samme måde som før.

Venlig hilsen
{{toLibrary}}
`,
      },
      en: {
        subject: 'Your borrower account has moved to {{toLibrary}}',
        body: `Hello {{name}},

{{toLibrary}} has accepted the move of your borrower account. From now on {{toLibrary}} is your library.

You log in the same way as before.

Kind regards
{{toLibrary}}
`,
      },
    },
  }),

  'transfer-rejected': defineTemplate({
    params: z.object({ name: DisplayText, toLibrary: DisplayText, fromLibrary: DisplayText }),
    secret: false,
    text: {
      sv: {
        subject: 'Flytten till {{toLibrary}} blev inte av',
        body: `Hej {{name}}!

{{toLibrary}} har avslagit begäran om att flytta ditt låntagarkonto. Ditt konto finns kvar hos {{fromLibrary}} precis som tidigare.

Har du frågor är du välkommen att kontakta {{fromLibrary}}.

Vänliga hälsningar
{{fromLibrary}}
`,
      },
      da: {
        subject: 'Flytningen til {{toLibrary}} blev ikke gennemført',
        body: `Hej {{name}}

{{toLibrary}} har afvist anmodningen om at flytte din lånerkonto. Din konto forbliver hos {{fromLibrary}} som hidtil.

Har du spørgsmål, er du velkommen til at kontakte {{fromLibrary}}.

Venlig hilsen
{{fromLibrary}}
`,
      },
      en: {
        subject: 'The move to {{toLibrary}} did not go ahead',
        body: `Hello {{name}},

{{toLibrary}} has rejected the request to move your borrower account. Your account stays with {{fromLibrary}} just as before.

If you have any questions, please contact {{fromLibrary}}.

Kind regards
{{fromLibrary}}
`,
      },
    },
  }),

  'loan-receipt': defineTemplate({
    params: z.object({ name: DisplayText, libraryName: DisplayText, lines: ReceiptLines }),
    secret: false,
    text: {
      sv: { subject: 'Kvitto från {{libraryName}}', body: `Hej {{name}}!\n\nHär är ditt kvitto från självbetjäningen:\n\n{{lines}}\n\nVänliga hälsningar\n{{libraryName}}\n` },
      da: { subject: 'Kvittering fra {{libraryName}}', body: `Hej {{name}}\n\nHer er din kvittering fra selvbetjeningen:\n\n{{lines}}\n\nVenlig hilsen\n{{libraryName}}\n` },
      en: { subject: 'Receipt from {{libraryName}}', body: `Hello {{name}},\n\nHere is your receipt from the self-service machine:\n\n{{lines}}\n\nKind regards\n{{libraryName}}\n` },
    },
  }),
  'moved-to-library': defineTemplate({
    params: z.object({ name: DisplayText, toLibrary: DisplayText }),
    secret: false,
    text: {
      sv: {
        subject: 'Välkommen till {{toLibrary}}',
        body: `Hej {{name}}!

Med ditt samtycke har ditt låntagarkonto flyttats till {{toLibrary}}. Från och med nu är {{toLibrary}} ditt bibliotek.

Du loggar in med den e-postadress som det här meddelandet skickades till.

Vänliga hälsningar
{{toLibrary}}
`,
      },
      da: {
        subject: 'Velkommen til {{toLibrary}}',
        body: `Hej {{name}}

Med dit samtykke er din lånerkonto flyttet til {{toLibrary}}. Fra nu af er {{toLibrary}} dit bibliotek.

Du logger ind med den e-mailadresse, som denne besked er sendt til.

Venlig hilsen
{{toLibrary}}
`,
      },
      en: {
        subject: 'Welcome to {{toLibrary}}',
        body: `Hello {{name}},

With your consent, your borrower account has been moved to {{toLibrary}}. From now on {{toLibrary}} is your library.

You log in with the e-mail address this message was sent to.

Kind regards
{{toLibrary}}
`,
      },
    },
  }),

  'validity-expiring': defineTemplate({
    params: z.object({ name: DisplayText, validUntil: z.iso.date(), libraryName: DisplayText }),
    secret: false,
    display: (params, language) => ({ ...params, validUntil: formatMailDate(params.validUntil, language) }),
    text: {
      sv: {
        subject: 'Ditt låntagarkonto hos {{libraryName}} slutar gälla den {{validUntil}}',
        body: `Hej {{name}}!

Ditt låntagarkonto hos {{libraryName}} gäller till den {{validUntil}}. Efter det kan du inte logga in.

Vill du fortsätta låna? Kontakta {{libraryName}} innan dess, så hjälper vi dig att förlänga giltighetstiden.

Vänliga hälsningar
{{libraryName}}
`,
      },
      da: {
        subject: 'Din lånerkonto hos {{libraryName}} udløber den {{validUntil}}',
        body: `Hej {{name}}

Din lånerkonto hos {{libraryName}} gælder til den {{validUntil}}. Derefter kan du ikke logge ind.

Vil du fortsætte med at låne? Kontakt {{libraryName}} inden da, så hjælper vi dig med at forlænge gyldigheden.

Venlig hilsen
{{libraryName}}
`,
      },
      en: {
        subject: 'Your borrower account at {{libraryName}} expires on {{validUntil}}',
        body: `Hello {{name}},

Your borrower account at {{libraryName}} is valid until {{validUntil}}. After that you will not be able to log in.

Would you like to keep borrowing? Contact {{libraryName}} before then and we will help you extend it.

Kind regards
{{libraryName}}
`,
      },
    },
  }),
} as const;

export type MailTemplateId = keyof typeof mailTemplates;
export const mailTemplateIds = Object.keys(mailTemplates) as [MailTemplateId, ...MailTemplateId[]];

/** What a caller passes for template T (before validation). */
export type MailParams<T extends MailTemplateId> = z.input<(typeof mailTemplates)[T]['params']>;

export interface RenderedMail {
  subject: string;
  body: string;
  /** The validated params, as stored. */
  params: Record<string, string>;
}

export function isSecretTemplate(template: string): boolean {
  return (mailTemplates as Record<string, { secret: boolean } | undefined>)[template]?.secret === true;
}

/** Replaces `{{key}}` in one pass (a value containing `{{…}}` is not expanded again). */
function fill(text: string, values: Record<string, string>, template: string): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => {
    const value = values[key];
    // A template naming a param its schema lacks is a programming error; the tests catch it.
    if (value === undefined) throw new Error(`Mail template ${template} uses unknown placeholder {{${key}}}`);
    return value;
  });
}

/**
 * Validates params against the template's schema and renders subject and body
 * in the given language. Throws MailValidationError on bad params.
 */
export function renderMail<T extends MailTemplateId>(template: T, language: MailLanguage, params: MailParams<T>): RenderedMail {
  const def = mailTemplates[template] as TemplateDef<ParamsSchema>;
  const parsed = def.params.safeParse(params);
  if (!parsed.success) throw MailValidationError.fromZod(parsed.error, ['params']);
  const values = def.display ? def.display(parsed.data, language) : parsed.data;
  const text = def.text[language];
  return {
    subject: fill(text.subject, values, template),
    body: fill(text.body, values, template),
    params: parsed.data,
  };
}
