import { defineMessages } from './define';

/**
 * The self-check kiosk with a library system (issue 12): sign-in at the library system, the offline policy,
 * lists from the cache, lockout durations and plural forms (`_one` / `_other`, picked by `count`).
 */
export const selfCheckMessages = defineMessages({
  en: {
    'kiosk.refusal.library-unreachable': 'The library system cannot be reached right now, so we cannot check your card. You can still return books.',
    'kiosk.refusal.locked-out.minutes_one': 'Too many wrong PIN codes. Try again in {{count}} minute or ask the staff.',
    'kiosk.refusal.locked-out.minutes_other': 'Too many wrong PIN codes. Try again in {{count}} minutes or ask the staff.',
    'kiosk.pin.attemptsLeft_one': 'Wrong PIN code. You can try {{count}} more time.',
    'kiosk.pin.attemptsLeft_other': 'Wrong PIN code. You can try {{count}} more times.',
    'kiosk.reason.offline-limit': 'The library system cannot be reached, and you have borrowed as many books as we can lend until it is back. Please ask the staff.',
    'kiosk.reason.offline-renew': 'Renewals have to wait until the library system can be reached again.',
    'kiosk.reason.already-yours': 'You already have this book on loan.',
    'kiosk.reason.renew-no-change': 'Renewing today would not change the return date, so nothing was changed.',
    'kiosk.cache.note': 'The library system cannot be reached. This list is from {{time}} and may have changed.',
    'kiosk.cache.unknown': 'The library system cannot be reached, so your loans cannot be shown right now.',
  },
  sv: {
    'kiosk.refusal.library-unreachable': 'Bibliotekssystemet går inte att nå just nu, så vi kan inte kontrollera ditt kort. Du kan fortfarande lämna tillbaka böcker.',
    'kiosk.refusal.locked-out.minutes_one': 'För många fel PIN-koder. Försök igen om {{count}} minut eller fråga personalen.',
    'kiosk.refusal.locked-out.minutes_other': 'För många fel PIN-koder. Försök igen om {{count}} minuter eller fråga personalen.',
    'kiosk.pin.attemptsLeft_one': 'Fel PIN-kod. Du kan försöka {{count}} gång till.',
    'kiosk.pin.attemptsLeft_other': 'Fel PIN-kod. Du kan försöka {{count}} gånger till.',
    'kiosk.reason.offline-limit': 'Bibliotekssystemet går inte att nå, och du har lånat så många böcker som vi kan låna ut tills det fungerar igen. Fråga personalen.',
    'kiosk.reason.offline-renew': 'Omlån får vänta tills bibliotekssystemet går att nå igen.',
    'kiosk.reason.already-yours': 'Du har redan lånat den här boken.',
    'kiosk.reason.renew-no-change': 'Ett omlån i dag skulle inte ändra återlämningsdagen, så inget har ändrats.',
    'kiosk.cache.note': 'Bibliotekssystemet går inte att nå. Listan är från {{time}} och kan ha ändrats.',
    'kiosk.cache.unknown': 'Bibliotekssystemet går inte att nå, så dina lån kan inte visas just nu.',
  },
  da: {
    'kiosk.refusal.library-unreachable': 'Bibliotekssystemet kan ikke nås lige nu, så vi kan ikke tjekke dit kort. Du kan stadig aflevere bøger.',
    'kiosk.refusal.locked-out.minutes_one': 'For mange forkerte pinkoder. Prøv igen om {{count}} minut, eller spørg personalet.',
    'kiosk.refusal.locked-out.minutes_other': 'For mange forkerte pinkoder. Prøv igen om {{count}} minutter, eller spørg personalet.',
    'kiosk.pin.attemptsLeft_one': 'Forkert pinkode. Du kan prøve {{count}} gang mere.',
    'kiosk.pin.attemptsLeft_other': 'Forkert pinkode. Du kan prøve {{count}} gange mere.',
    'kiosk.reason.offline-limit': 'Bibliotekssystemet kan ikke nås, og du har lånt så mange bøger, som vi kan låne ud, indtil det virker igen. Spørg personalet.',
    'kiosk.reason.offline-renew': 'Fornyelser må vente, til bibliotekssystemet kan nås igen.',
    'kiosk.reason.already-yours': 'Du har allerede lånt denne bog.',
    'kiosk.reason.renew-no-change': 'En fornyelse i dag ville ikke ændre afleveringsdatoen, så intet er ændret.',
    'kiosk.cache.note': 'Bibliotekssystemet kan ikke nås. Listen er fra {{time}} og kan være ændret.',
    'kiosk.cache.unknown': 'Bibliotekssystemet kan ikke nås, så dine lån kan ikke vises lige nu.',
  },
});
