import { defineMessages } from './define';

/**
 * Accepting a transfer of a borrower without e-mail (optional at Danish libraries) into a library that requires one
 * (issue 11): the desk asks for the address at acceptance, and refuses without one.
 */
export const transferEmailMessages = defineMessages({
  en: {
    'desk.transfer.emailRequired': 'This library requires an e-mail address and the borrower has none. Enter the borrower’s e-mail address to accept the move.',
    'desk.transfer.emailNeeded': 'E-mail needed',
    'desk.transfer.emailTitle': 'Accept {{name}}',
    'desk.transfer.emailHint': 'The borrower has no e-mail address. This library requires one: it is the borrower’s login and the address for mail.',
    'desk.transfer.acceptMove': 'Accept the move',
  },
  sv: {
    'desk.transfer.emailRequired': 'Biblioteket kräver e-post och låntagaren har ingen. Skriv låntagarens e-postadress för att ta emot flytten.',
    'desk.transfer.emailNeeded': 'E-post behövs',
    'desk.transfer.emailTitle': 'Ta emot {{name}}',
    'desk.transfer.emailHint': 'Låntagaren har ingen e-postadress. Här krävs en: den är låntagarens inloggning och adressen för mejl.',
    'desk.transfer.acceptMove': 'Ta emot flytten',
  },
  da: {
    'desk.transfer.emailRequired': 'Biblioteket kræver en e-mailadresse, og låneren har ingen. Skriv lånerens e-mailadresse for at modtage flytningen.',
    'desk.transfer.emailNeeded': 'E-mail mangler',
    'desk.transfer.emailTitle': 'Modtag {{name}}',
    'desk.transfer.emailHint': 'Låneren har ingen e-mailadresse. Her kræves en: den er lånerens login og adressen til mails.',
    'desk.transfer.acceptMove': 'Modtag flytningen',
  },
});
