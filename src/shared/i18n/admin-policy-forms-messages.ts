import { defineMessages } from './define';

/** The admin page's policy form beyond hours and door rules: the kiosks' settings and who the door admits (issues 12, 18). */
export const adminPolicyFormsMessages = defineMessages({
  en: {
    'admin.policies.kiosk': 'Self-service kiosks',
    'admin.policies.kiosk.set': 'This policy sets the kiosks’ settings',
    'admin.policies.kiosk.notSet': 'Each kiosk uses the settings made on its technician screen.',
    'admin.policies.kiosk.maxPinFailures': 'Kiosk: wrong PIN codes before a lock-out',
    'admin.policies.kiosk.lockoutMinutes': 'Kiosk: lock-out, minutes',
    'admin.policies.categories': 'Who the door admits',
    'admin.policies.categories.all': 'Every register type (also types added later)',
    'admin.policies.categories.nobody': 'No register type is ticked: the door will admit nobody.',
  },
  sv: {
    'admin.policies.kiosk': 'Självbetjäningsautomater',
    'admin.policies.kiosk.set': 'Den här regeln bestämmer automaternas inställningar',
    'admin.policies.kiosk.notSet': 'Varje automat använder inställningarna från sin teknikerskärm.',
    'admin.policies.kiosk.maxPinFailures': 'Automat: fel PIN-koder före spärr',
    'admin.policies.kiosk.lockoutMinutes': 'Automat: spärrtid, minuter',
    'admin.policies.categories': 'Vilka dörren släpper in',
    'admin.policies.categories.all': 'Alla registertyper (även sådana som läggs till senare)',
    'admin.policies.categories.nobody': 'Ingen registertyp är markerad: dörren släpper inte in någon.',
  },
  da: {
    'admin.policies.kiosk': 'Selvbetjeningsautomater',
    'admin.policies.kiosk.set': 'Denne regel bestemmer automaternes indstillinger',
    'admin.policies.kiosk.notSet': 'Hver automat bruger indstillingerne fra sin teknikerskærm.',
    'admin.policies.kiosk.maxPinFailures': 'Automat: forkerte pinkoder før spærring',
    'admin.policies.kiosk.lockoutMinutes': 'Automat: spærretid, minutter',
    'admin.policies.categories': 'Hvem døren lukker ind',
    'admin.policies.categories.all': 'Alle registertyper (også dem, der tilføjes senere)',
    'admin.policies.categories.nobody': 'Ingen registertype er markeret: døren lukker ingen ind.',
  },
});
