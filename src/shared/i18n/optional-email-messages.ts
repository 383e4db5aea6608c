import { defineMessages } from './define';

/** E-mail optional for borrowers of Danish libraries (issue 11, seeds 002 and 004): the form, the borrower page, the audit. */
export const optionalEmailMessages = defineMessages({
  en: {
    'desk.field.emailOptional': 'E-mail (optional)',
    'desk.borrower.noEmail': 'No e-mail',
    'desk.borrower.noEmailMail': 'No mail or notices are sent to this borrower: there is no e-mail address.',
    'desk.error.loginDetailsNeedEmail': 'Login details are sent by e-mail: enter an e-mail address or set a password.',
    'reference.auditAction.mail.not-sent-no-email': 'Mail not sent: the borrower has no e-mail',
    'kiosk.receipt.noEmail': 'We have no e-mail address for you, so we cannot e-mail a receipt. You can print it.',
  },
  sv: {
    'desk.field.emailOptional': 'E-post (valfritt)',
    'desk.borrower.noEmail': 'Ingen e-post',
    'desk.borrower.noEmailMail': 'Inga mejl eller påminnelser skickas till låntagaren: det finns ingen e-postadress.',
    'desk.error.loginDetailsNeedEmail': 'Inloggningsuppgifterna skickas med e-post: ange en e-postadress eller sätt ett lösenord.',
    'reference.auditAction.mail.not-sent-no-email': 'Mejl skickades inte: låntagaren har ingen e-post',
    'kiosk.receipt.noEmail': 'Vi har ingen e-postadress till dig, så vi kan inte mejla kvittot. Du kan skriva ut det.',
  },
  da: {
    'desk.field.emailOptional': 'E-mail (valgfrit)',
    'desk.borrower.noEmail': 'Ingen e-mail',
    'desk.borrower.noEmailMail': 'Der sendes ingen mails eller påmindelser til låneren: der er ingen e-mailadresse.',
    'desk.error.loginDetailsNeedEmail': 'Loginoplysningerne sendes på e-mail: angiv en e-mailadresse eller vælg en adgangskode.',
    'reference.auditAction.mail.not-sent-no-email': 'Mail ikke sendt: låneren har ingen e-mail',
    'kiosk.receipt.noEmail': 'Vi har ingen e-mailadresse på dig, så vi kan ikke sende kvitteringen på e-mail. Du kan udskrive den.',
  },
});
