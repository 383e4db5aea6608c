import { defineMessages } from './define';

/** Progress of long work (src/main/app/progress.ts → the `progress` event → the Progress component). */
export const progressMessages = defineMessages({
  en: {
    'progress.task.sync.first': 'First sync with the register',
    'progress.task.sync.resync': 'Syncing everything again (the register was restored)',
    'progress.task.sync.update': 'Catching up with the register',
    'progress.count_one': '{{done}} of {{count}} change',
    'progress.count_other': '{{done}} of {{count}} changes',
    'progress.left.seconds_one': 'about {{count}} second left',
    'progress.left.seconds_other': 'about {{count}} seconds left',
    'progress.left.minutes_one': 'about {{count}} minute left',
    'progress.left.minutes_other': 'about {{count}} minutes left',
    'progress.left.estimating': 'working out the time left…',
    'progress.finished': 'Done.',
  },
  sv: {
    'progress.task.sync.first': 'Första synkroniseringen med registret',
    'progress.task.sync.resync': 'Synkroniserar allt på nytt (registret har återställts)',
    'progress.task.sync.update': 'Hämtar ikapp registret',
    'progress.count_one': '{{done}} av {{count}} ändring',
    'progress.count_other': '{{done}} av {{count}} ändringar',
    'progress.left.seconds_one': 'ungefär {{count}} sekund kvar',
    'progress.left.seconds_other': 'ungefär {{count}} sekunder kvar',
    'progress.left.minutes_one': 'ungefär {{count}} minut kvar',
    'progress.left.minutes_other': 'ungefär {{count}} minuter kvar',
    'progress.left.estimating': 'räknar ut hur lång tid som är kvar…',
    'progress.finished': 'Klart.',
  },
  da: {
    'progress.task.sync.first': 'Første synkronisering med registret',
    'progress.task.sync.resync': 'Synkroniserer alt igen (registret er blevet gendannet)',
    'progress.task.sync.update': 'Henter det seneste fra registret',
    'progress.count_one': '{{done}} af {{count}} ændring',
    'progress.count_other': '{{done}} af {{count}} ændringer',
    'progress.left.seconds_one': 'cirka {{count}} sekund tilbage',
    'progress.left.seconds_other': 'cirka {{count}} sekunder tilbage',
    'progress.left.minutes_one': 'cirka {{count}} minut tilbage',
    'progress.left.minutes_other': 'cirka {{count}} minutter tilbage',
    'progress.left.estimating': 'beregner den resterende tid…',
    'progress.finished': 'Færdig.',
  },
});
