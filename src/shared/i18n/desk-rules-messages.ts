import { defineMessages } from './define';

/** Desk rules from the seeds (issue 11): PIN rules, restriction of processing, corrections, Danish registration. */
export const deskRulesMessages = defineMessages({
  en: {
    'desk.field.newLmaNumber': 'New LMA card number',
    'desk.field.newLmaNumberHint': 'Only when the borrower has a new LMA card: the digits before the slash. Enter the new card’s validity too.',
    'desk.error.registerTypeLmaSwitch': 'An LMA account and an account with a personal identity number are different accounts: register a new account instead.',
    'desk.error.pinTrivial.repeated': 'The PIN is one digit repeated and easy to guess. Choose another.',
    'desk.error.pinTrivial.ascending': 'The PIN is a run of digits (like 1234) and easy to guess. Choose another.',
    'desk.error.pinTrivial.descending': 'The PIN is a falling run of digits (like 4321) and easy to guess. Choose another.',
    'desk.error.validityTooLongUntil': 'An account with a coordination number can be valid for at most one year at a time: until {{date, isodate}} at the latest.',
  },
  sv: {
    'desk.field.newLmaNumber': 'Nytt LMA-nummer',
    'desk.field.newLmaNumberHint': 'Bara när låntagaren fått ett nytt LMA-kort: siffrorna före snedstrecket. Ange också det nya kortets giltighetstid.',
    'desk.error.registerTypeLmaSwitch': 'Ett LMA-konto och ett konto med personnummer är olika konton: registrera ett nytt konto i stället.',
    'desk.error.pinTrivial.repeated': 'PIN-koden är en och samma siffra och lätt att gissa. Välj en annan.',
    'desk.error.pinTrivial.ascending': 'PIN-koden är siffror i följd (som 1234) och lätt att gissa. Välj en annan.',
    'desk.error.pinTrivial.descending': 'PIN-koden är siffror i fallande följd (som 4321) och lätt att gissa. Välj en annan.',
    'desk.error.validityTooLongUntil': 'Ett konto med samordningsnummer kan gälla högst ett år i taget: senast till {{date, isodate}}.',
  },
  da: {
    'desk.field.newLmaNumber': 'Nyt LMA-nummer',
    'desk.field.newLmaNumberHint': 'Kun når låneren har fået et nyt LMA-kort: cifrene før skråstregen. Angiv også det nye korts gyldighed.',
    'desk.error.registerTypeLmaSwitch': 'En LMA-konto og en konto med personnummer er forskellige konti: opret en ny konto i stedet.',
    'desk.error.pinTrivial.repeated': 'Pinkoden er det samme ciffer gentaget og let at gætte. Vælg en anden.',
    'desk.error.pinTrivial.ascending': 'Pinkoden er cifre i rækkefølge (som 1234) og let at gætte. Vælg en anden.',
    'desk.error.pinTrivial.descending': 'Pinkoden er cifre i faldende rækkefølge (som 4321) og let at gætte. Vælg en anden.',
    'desk.error.validityTooLongUntil': 'En konto med samordningsnummer kan højst gælde et år ad gangen: senest til {{date, isodate}}.',
  },
});
