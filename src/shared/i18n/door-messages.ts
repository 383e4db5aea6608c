import { defineMessages } from './define';
import type { policyIssues } from '../door/policy';
import type { DoorDetail, DoorReason } from '../door/rules';
import type { scheduleIssues } from '../door/schedule';

/**
 * Door messages, flat keys for i18next:
 * - `door.reason.<reason>`: for the borrower at the door, plain and kind, no jargon; said aloud as well as shown;
 * - `door.staff.<reason>`: for staff and technicians (visit log, technician screen), precise;
 * - `door.detail.<detail>`: extra precision for staff;
 * - `door.schedule.*`, `door.policy.*`: validation messages of the schedule and policy schemas.
 * Placeholders come from DoorDecision.params; every reason's decision carries the ones its messages use.
 */
export type DoorMessageKey =
  | `door.reason.${DoorReason}`
  | `door.staff.${DoorReason}`
  | `door.detail.${DoorDetail}`
  | (typeof scheduleIssues)[keyof typeof scheduleIssues]
  | (typeof policyIssues)[keyof typeof policyIssues];

const en = {
  'door.reason.admitted': 'Welcome! The door is open.',
  'door.reason.admitted-closing-soon': 'Welcome! The library closes at {{time}}, in {{minutes}} minutes.',
  'door.reason.closed': 'The library is closed for self-service right now. Please come back during opening hours.',
  'door.reason.unknown-card': 'We do not recognise this card. Please contact the library staff.',
  'door.reason.erased': 'This card can no longer be used. Please contact the library staff.',
  'door.reason.locked-out': 'Too many wrong PIN codes. You can try again in {{minutes}} minutes.',
  'door.reason.pin-required': 'Please type your PIN code. If you do not have one, ask the library staff.',
  'door.reason.pin-wrong': 'The PIN code was wrong. You have {{attemptsLeft}} tries left.',
  'door.reason.not-active': 'Your library card is not active. Please contact the library staff.',
  'door.reason.blocked': 'Your library card cannot open the door right now. Please contact the library staff.',
  'door.reason.restricted': 'Your account is paused at your request, so the card cannot open the door. Please contact the library staff.',
  'door.reason.not-yet-valid': 'Your library card is not valid yet. Please contact the library staff.',
  'door.reason.expired': 'Your library card has run out. The library staff can renew it.',
  'door.reason.category-not-allowed': 'Your kind of library card cannot open this door. You are welcome when the staff are here.',
  'door.reason.under-age': 'You need to be older to come in on your own when no staff are here. You are welcome when the staff are here!',
  'door.reason.guardian-consent-missing': 'To come in on your own, we need permission from your parent or guardian. Please ask the library staff.',
  'door.reason.locked-down': 'The door is closed by the staff until {{time}}. Please ask the library staff.',
  'door.reason.passback': 'This card was just used to come in. Each person uses their own card. Please ask the staff if you need help.',
  'door.reason.no-opt-in': 'To use the open library when no staff are here, first sign up for it with the library staff.',

  'door.staff.admitted': 'Admitted.',
  'door.staff.admitted-closing-soon': 'Admitted; self-service hours end at {{time}} (in {{minutes}} min).',
  'door.staff.closed': 'Refused: outside this branch’s self-service hours. The card was not checked.',
  'door.staff.unknown-card': 'Refused: no door entitlement for this credential in the local cache (not registered, deleted, or not yet synced).',
  'door.staff.erased': 'Refused: the borrower has been erased from the register.',
  'door.staff.locked-out': 'Refused: PIN lockout after repeated wrong PINs; it ends in {{minutes}} min.',
  'door.staff.pin-required': 'Refused: a PIN is required and none was entered, or the borrower has no PIN on record.',
  'door.staff.pin-wrong': 'Refused: wrong PIN; {{attemptsLeft}} attempts left before lockout.',
  'door.staff.not-active': 'Refused: the account is not active in the register.',
  'door.staff.blocked': 'Refused: the borrower is blocked.',
  'door.staff.restricted': 'Refused: processing of the borrower’s data is restricted (GDPR art. 18) until staff lift it.',
  'door.staff.not-yet-valid': 'Refused: validity starts on {{validFrom}}.',
  'door.staff.expired': 'Refused: validity ended on {{validUntil}}.',
  'door.staff.category-not-allowed': 'Refused: this register type is not admitted through this branch’s door.',
  'door.staff.under-age': 'Refused: under the age limit ({{minAge}}) for unstaffed hours.',
  'door.staff.guardian-consent-missing': 'Refused: under {{minAge}} without recorded guardian consent.',
  'door.staff.locked-down': 'Refused: the door is locked down by staff until {{time}}. The card was not checked.',
  'door.staff.passback': 'Refused: anti-passback, the same borrower was admitted less than the minimum time ago ({{seconds}} s left).',
  'door.staff.no-opt-in': 'Refused: this branch requires an opt-in to the open library’s rules, and none is recorded for the borrower.',

  'door.detail.no-policy': 'No door rules are set for this branch on this terminal, so the door stays shut.',
  'door.detail.invalid-input': 'The door rules or the terminal clock could not be evaluated, so the door stays shut. Check the technician settings.',
  'door.detail.unavailable': 'The door’s local data could not be read, so the door stays shut. See the terminal log.',
  'door.detail.not-a-patron-credential': 'The tag read is not a borrower card (e.g. an item tag).',
  'door.detail.no-pin-set': 'The borrower has no door PIN on record; one must be set before the door can be used.',
  'door.detail.lockout-started': 'This wrong PIN started the lockout.',
  'door.detail.age-unknown': 'No birth date on record, and the register type does not prove the age.',
  'door.detail.below-consent-age': 'Younger than the age from which guardian consent is accepted.',

  'door.schedule.time': 'Write the time as HH:MM (00:00-23:59; 24:00 only as an end time).',
  'door.schedule.emptyInterval': 'The start and end times are the same.',
  'door.schedule.overlap': 'These hours overlap other opening hours (check the night across midnight too).',
  'door.schedule.date': 'Write the date as YYYY-MM-DD.',
  'door.schedule.duplicateDate': 'This date already has an exception.',
  'door.schedule.timeZone': 'Unknown time zone (for example Europe/Stockholm).',
  'door.policy.consentAge': 'The age with guardian consent cannot be above the age limit.',
} as const satisfies Record<DoorMessageKey, string>;

const sv = {
  'door.reason.admitted': 'Välkommen! Dörren är öppen.',
  'door.reason.admitted-closing-soon': 'Välkommen! Biblioteket stänger klockan {{time}}, om {{minutes}} minuter.',
  'door.reason.closed': 'Biblioteket är stängt för självbetjäning just nu. Välkommen tillbaka under öppettiderna.',
  'door.reason.unknown-card': 'Vi känner inte igen det här kortet. Kontakta bibliotekets personal.',
  'door.reason.erased': 'Det här kortet kan inte användas längre. Kontakta bibliotekets personal.',
  'door.reason.locked-out': 'För många fel PIN-koder. Du kan försöka igen om {{minutes}} minuter.',
  'door.reason.pin-required': 'Skriv din PIN-kod. Om du inte har någon, fråga bibliotekets personal.',
  'door.reason.pin-wrong': 'Fel PIN-kod. Du har {{attemptsLeft}} försök kvar.',
  'door.reason.not-active': 'Ditt lånekort är inte aktivt. Kontakta bibliotekets personal.',
  'door.reason.blocked': 'Ditt lånekort kan inte öppna dörren just nu. Kontakta bibliotekets personal.',
  'door.reason.restricted': 'Ditt konto är vilande på din begäran, så kortet kan inte öppna dörren. Kontakta bibliotekets personal.',
  'door.reason.not-yet-valid': 'Ditt lånekort gäller inte än. Kontakta bibliotekets personal.',
  'door.reason.expired': 'Ditt lånekort har gått ut. Personalen kan förlänga det.',
  'door.reason.category-not-allowed': 'Din sorts lånekort kan inte öppna den här dörren. Välkommen när personalen är här.',
  'door.reason.under-age': 'Du behöver vara äldre för att gå in på egen hand när ingen personal är här. Välkommen när personalen är här!',
  'door.reason.guardian-consent-missing': 'För att gå in på egen hand behöver vi tillstånd från din vårdnadshavare. Fråga bibliotekets personal.',
  'door.reason.locked-down': 'Dörren är stängd av personalen till {{time}}. Fråga bibliotekets personal.',
  'door.reason.passback': 'Det här kortet användes nyss för att gå in. Var och en använder sitt eget kort. Fråga personalen om du behöver hjälp.',
  'door.reason.no-opt-in': 'För att använda meröppet när ingen personal är här anmäler du dig först hos bibliotekets personal.',

  'door.staff.admitted': 'Insläppt.',
  'door.staff.admitted-closing-soon': 'Insläppt; självbetjäningen stänger {{time}} (om {{minutes}} min).',
  'door.staff.closed': 'Nekad: utanför filialens självbetjäningstider. Kortet kontrollerades inte.',
  'door.staff.unknown-card': 'Nekad: ingen dörrbehörighet för detta id-medel i den lokala cachen (inte registrerat, borttaget eller inte synkat än).',
  'door.staff.erased': 'Nekad: låntagaren har raderats ur registret.',
  'door.staff.locked-out': 'Nekad: PIN-spärr efter upprepade fel PIN-koder; den upphör om {{minutes}} min.',
  'door.staff.pin-required': 'Nekad: PIN-kod krävs men angavs inte, eller så har låntagaren ingen PIN-kod registrerad.',
  'door.staff.pin-wrong': 'Nekad: fel PIN-kod; {{attemptsLeft}} försök kvar före spärr.',
  'door.staff.not-active': 'Nekad: kontot är inte aktivt i registret.',
  'door.staff.blocked': 'Nekad: låntagaren är spärrad.',
  'door.staff.restricted': 'Nekad: behandlingen av låntagarens uppgifter är begränsad (GDPR art. 18) tills personalen häver det.',
  'door.staff.not-yet-valid': 'Nekad: giltighetstiden börjar {{validFrom}}.',
  'door.staff.expired': 'Nekad: giltighetstiden gick ut {{validUntil}}.',
  'door.staff.category-not-allowed': 'Nekad: den här registreringstypen släpps inte in genom filialens dörr.',
  'door.staff.under-age': 'Nekad: under åldersgränsen ({{minAge}} år) för obemannade tider.',
  'door.staff.guardian-consent-missing': 'Nekad: under {{minAge}} år utan registrerat samtycke från vårdnadshavare.',
  'door.staff.locked-down': 'Nekad: dörren är spärrad av personalen till {{time}}. Kortet kontrollerades inte.',
  'door.staff.passback': 'Nekad: passback-spärr, samma låntagare släpptes in för mindre än minsta tiden sedan ({{seconds}} s kvar).',
  'door.staff.no-opt-in': 'Nekad: filialen kräver att låntagaren godkänt reglerna för meröppet, och inget godkännande är registrerat.',

  'door.detail.no-policy': 'Inga dörregler är inställda för filialen på den här terminalen, så dörren förblir stängd.',
  'door.detail.invalid-input': 'Dörreglerna eller terminalens klocka kunde inte tolkas, så dörren förblir stängd. Kontrollera teknikerinställningarna.',
  'door.detail.unavailable': 'Dörrens lokala data kunde inte läsas, så dörren förblir stängd. Se terminalens logg.',
  'door.detail.not-a-patron-credential': 'Taggen som lästes är inget lånekort (t.ex. en mediatagg).',
  'door.detail.no-pin-set': 'Låntagaren har ingen PIN-kod för dörren registrerad; en måste sättas innan dörren kan användas.',
  'door.detail.lockout-started': 'Den här felaktiga PIN-koden startade spärren.',
  'door.detail.age-unknown': 'Inget födelsedatum registrerat, och registreringstypen visar inte åldern.',
  'door.detail.below-consent-age': 'Yngre än den ålder från vilken vårdnadshavarens samtycke godtas.',

  'door.schedule.time': 'Skriv tiden som TT:MM (00:00-23:59; 24:00 bara som sluttid).',
  'door.schedule.emptyInterval': 'Start- och sluttiden är samma.',
  'door.schedule.overlap': 'Tiderna överlappar andra öppettider (kontrollera även natten över midnatt).',
  'door.schedule.date': 'Skriv datumet som ÅÅÅÅ-MM-DD.',
  'door.schedule.duplicateDate': 'Det här datumet har redan ett undantag.',
  'door.schedule.timeZone': 'Okänd tidszon (till exempel Europe/Stockholm).',
  'door.policy.consentAge': 'Åldern med vårdnadshavarens samtycke kan inte vara högre än åldersgränsen.',
} as const satisfies Record<DoorMessageKey, string>;

const da = {
  'door.reason.admitted': 'Velkommen! Døren er åben.',
  'door.reason.admitted-closing-soon': 'Velkommen! Biblioteket lukker kl. {{time}}, om {{minutes}} minutter.',
  'door.reason.closed': 'Biblioteket er lukket for selvbetjening lige nu. Kom igen i åbningstiden.',
  'door.reason.unknown-card': 'Vi kender ikke dette kort. Kontakt bibliotekets personale.',
  'door.reason.erased': 'Dette kort kan ikke længere bruges. Kontakt bibliotekets personale.',
  'door.reason.locked-out': 'For mange forkerte pinkoder. Du kan prøve igen om {{minutes}} minutter.',
  'door.reason.pin-required': 'Tast din pinkode. Hvis du ikke har en, så spørg bibliotekets personale.',
  'door.reason.pin-wrong': 'Forkert pinkode. Du har {{attemptsLeft}} forsøg tilbage.',
  'door.reason.not-active': 'Dit lånerkort er ikke aktivt. Kontakt bibliotekets personale.',
  'door.reason.blocked': 'Dit lånerkort kan ikke åbne døren lige nu. Kontakt bibliotekets personale.',
  'door.reason.restricted': 'Din konto er sat i bero efter dit ønske, så kortet kan ikke åbne døren. Kontakt bibliotekets personale.',
  'door.reason.not-yet-valid': 'Dit lånerkort gælder ikke endnu. Kontakt bibliotekets personale.',
  'door.reason.expired': 'Dit lånerkort er udløbet. Personalet kan forlænge det.',
  'door.reason.category-not-allowed': 'Din slags lånerkort kan ikke åbne denne dør. Du er velkommen, når personalet er her.',
  'door.reason.under-age': 'Du skal være ældre for at komme ind alene, når der ikke er personale. Du er velkommen, når personalet er her!',
  'door.reason.guardian-consent-missing': 'For at komme ind alene skal vi have tilladelse fra din forælder eller værge. Spørg bibliotekets personale.',
  'door.reason.locked-down': 'Døren er lukket af personalet indtil {{time}}. Spørg bibliotekets personale.',
  'door.reason.passback': 'Dette kort er lige blevet brugt til at komme ind. Alle bruger deres eget kort. Spørg personalet, hvis du har brug for hjælp.',
  'door.reason.no-opt-in': 'For at bruge det åbne bibliotek, når der ikke er personale, skal du først tilmelde dig hos bibliotekets personale.',

  'door.staff.admitted': 'Lukket ind.',
  'door.staff.admitted-closing-soon': 'Lukket ind; selvbetjeningen lukker kl. {{time}} (om {{minutes}} min).',
  'door.staff.closed': 'Afvist: uden for filialens selvbetjeningstid. Kortet blev ikke kontrolleret.',
  'door.staff.unknown-card': 'Afvist: ingen dør-adgang for dette id-middel i den lokale cache (ikke registreret, slettet eller endnu ikke synkroniseret).',
  'door.staff.erased': 'Afvist: låneren er slettet fra registret.',
  'door.staff.locked-out': 'Afvist: pinkoden er spærret efter gentagne forkerte forsøg; spærringen ophører om {{minutes}} min.',
  'door.staff.pin-required': 'Afvist: pinkode kræves, men blev ikke tastet, eller låneren har ingen pinkode registreret.',
  'door.staff.pin-wrong': 'Afvist: forkert pinkode; {{attemptsLeft}} forsøg tilbage før spærring.',
  'door.staff.not-active': 'Afvist: kontoen er ikke aktiv i registret.',
  'door.staff.blocked': 'Afvist: låneren er spærret.',
  'door.staff.restricted': 'Afvist: behandlingen af lånerens oplysninger er begrænset (GDPR art. 18), indtil personalet ophæver det.',
  'door.staff.not-yet-valid': 'Afvist: gyldigheden begynder {{validFrom}}.',
  'door.staff.expired': 'Afvist: gyldigheden udløb {{validUntil}}.',
  'door.staff.category-not-allowed': 'Afvist: denne registreringstype har ikke adgang gennem filialens dør.',
  'door.staff.under-age': 'Afvist: under aldersgrænsen ({{minAge}} år) for ubetjent åbningstid.',
  'door.staff.guardian-consent-missing': 'Afvist: under {{minAge}} år uden registreret samtykke fra forælder eller værge.',
  'door.staff.locked-down': 'Afvist: døren er spærret af personalet indtil {{time}}. Kortet blev ikke kontrolleret.',
  'door.staff.passback': 'Afvist: passback-spærre, samme låner blev lukket ind for mindre end minimumstiden siden ({{seconds}} s tilbage).',
  'door.staff.no-opt-in': 'Afvist: filialen kræver, at låneren har accepteret reglerne for åbent bibliotek, og der er ingen accept registreret.',

  'door.detail.no-policy': 'Der er ingen dørregler for filialen på denne terminal, så døren forbliver lukket.',
  'door.detail.invalid-input': 'Dørreglerne eller terminalens ur kunne ikke fortolkes, så døren forbliver lukket. Kontrollér teknikerindstillingerne.',
  'door.detail.unavailable': 'Dørens lokale data kunne ikke læses, så døren forbliver lukket. Se terminalens log.',
  'door.detail.not-a-patron-credential': 'Det læste tag er ikke et lånerkort (f.eks. et materialetag).',
  'door.detail.no-pin-set': 'Låneren har ingen pinkode til døren registreret; der skal oprettes en, før døren kan bruges.',
  'door.detail.lockout-started': 'Denne forkerte pinkode startede spærringen.',
  'door.detail.age-unknown': 'Ingen fødselsdato registreret, og registreringstypen viser ikke alderen.',
  'door.detail.below-consent-age': 'Yngre end den alder, hvorfra samtykke fra forælder eller værge accepteres.',

  'door.schedule.time': 'Skriv tiden som TT:MM (00:00-23:59; 24:00 kun som sluttid).',
  'door.schedule.emptyInterval': 'Start- og sluttidspunktet er det samme.',
  'door.schedule.overlap': 'Tiderne overlapper andre åbningstider (kontrollér også natten over midnat).',
  'door.schedule.date': 'Skriv datoen som ÅÅÅÅ-MM-DD.',
  'door.schedule.duplicateDate': 'Denne dato har allerede en undtagelse.',
  'door.schedule.timeZone': 'Ukendt tidszone (for eksempel Europe/Copenhagen).',
  'door.policy.consentAge': 'Alderen med samtykke fra forælder eller værge kan ikke være højere end aldersgrænsen.',
} as const satisfies Record<DoorMessageKey, string>;

/** Merge into src/shared/i18n/resources.ts's feature list to make these keys MessageKeys. */
export const doorMessages = defineMessages({ en, sv, da });
