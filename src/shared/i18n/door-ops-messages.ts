import { defineMessages } from './define';

/**
 * Staff-facing words of the door's operation (issue 13): guardian consent at the desk, alarms on the desks,
 * staff overrides. The borrower-facing refusal reasons stay in door-messages.ts (`door.reason.*`).
 */
export const doorOpsMessages = defineMessages({
  en: {
    'door.consent.title': 'Open library: guardian consent',
    'door.consent.none': 'No guardian consent for the open library is recorded.',
    'door.consent.given': '{{guardianName}} ({{relation}}) consented on {{date}}.',
    'door.consent.guardianName': 'Guardian who consents',
    'door.consent.relation': 'Relation to the borrower',
    'door.consent.relation.parent': 'parent',
    'door.consent.relation.legal-guardian': 'legal guardian',
    'door.consent.relation.other': 'other guardian',
    'door.consent.record': 'Record consent',
    'door.consent.withdraw': 'Withdraw consent',
    'door.consent.atRegistration': 'The guardian consents to the open library (entering alone outside staffed hours)',
    'door.consent.error.notMinor': 'Guardian consent is only recorded for borrowers under 18.',
  },
  sv: {
    'door.consent.title': 'Meröppet: vårdnadshavarens samtycke',
    'door.consent.none': 'Inget samtycke från vårdnadshavare till meröppet är registrerat.',
    'door.consent.given': '{{guardianName}} ({{relation}}) samtyckte den {{date}}.',
    'door.consent.guardianName': 'Vårdnadshavare som samtycker',
    'door.consent.relation': 'Relation till låntagaren',
    'door.consent.relation.parent': 'förälder',
    'door.consent.relation.legal-guardian': 'särskilt förordnad vårdnadshavare',
    'door.consent.relation.other': 'annan vårdnadshavare',
    'door.consent.record': 'Registrera samtycke',
    'door.consent.withdraw': 'Återkalla samtycke',
    'door.consent.atRegistration': 'Vårdnadshavaren samtycker till meröppet (gå in på egen hand utanför bemannade tider)',
    'door.consent.error.notMinor': 'Vårdnadshavares samtycke registreras bara för låntagare under 18 år.',
  },
  da: {
    'door.consent.title': 'Åbent bibliotek: samtykke fra forælder eller værge',
    'door.consent.none': 'Der er ikke registreret samtykke fra forælder eller værge til åbent bibliotek.',
    'door.consent.given': '{{guardianName}} ({{relation}}) gav samtykke den {{date}}.',
    'door.consent.guardianName': 'Forælder eller værge, der giver samtykke',
    'door.consent.relation': 'Relation til låneren',
    'door.consent.relation.parent': 'forælder',
    'door.consent.relation.legal-guardian': 'værge',
    'door.consent.relation.other': 'anden med forældremyndighed',
    'door.consent.record': 'Registrér samtykke',
    'door.consent.withdraw': 'Tilbagekald samtykke',
    'door.consent.atRegistration': 'Forælder eller værge giver samtykke til åbent bibliotek (komme ind alene uden for bemandet tid)',
    'door.consent.error.notMinor': 'Samtykke fra forælder eller værge registreres kun for lånere under 18 år.',
  },
});
