import { defineMessages } from './define';

/**
 * Attempt limits and session ends (issue 16): how long a locked sign-in or staff PIN waits, and why a
 * session ended. `_one` / `_other` are i18next plural forms, picked by `count`.
 */
export const sessionMessages = defineMessages({
  en: {
    'signIn.locked.seconds_one': 'Too many failed attempts. Try again in {{count}} second.',
    'signIn.locked.seconds_other': 'Too many failed attempts. Try again in {{count}} seconds.',
    'signIn.locked.minutes_one': 'Too many failed attempts. Try again in {{count}} minute.',
    'signIn.locked.minutes_other': 'Too many failed attempts. Try again in {{count}} minutes.',
    'kiosk.pin.cancel': 'Cancel',
  },
  sv: {
    'signIn.locked.seconds_one': 'För många misslyckade försök. Försök igen om {{count}} sekund.',
    'signIn.locked.seconds_other': 'För många misslyckade försök. Försök igen om {{count}} sekunder.',
    'signIn.locked.minutes_one': 'För många misslyckade försök. Försök igen om {{count}} minut.',
    'signIn.locked.minutes_other': 'För många misslyckade försök. Försök igen om {{count}} minuter.',
    'kiosk.pin.cancel': 'Avbryt',
  },
  da: {
    'signIn.locked.seconds_one': 'For mange mislykkede forsøg. Prøv igen om {{count}} sekund.',
    'signIn.locked.seconds_other': 'For mange mislykkede forsøg. Prøv igen om {{count}} sekunder.',
    'signIn.locked.minutes_one': 'For mange mislykkede forsøg. Prøv igen om {{count}} minut.',
    'signIn.locked.minutes_other': 'For mange mislykkede forsøg. Prøv igen om {{count}} minutter.',
    'kiosk.pin.cancel': 'Annuller',
  },
});
