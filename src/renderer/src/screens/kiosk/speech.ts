import { formattingLocale } from '../../../../shared/locale';

/** Optional spoken prompts (SPEC 7) through the platform's speech synthesis, in the page language. */
export function speak(text: string, language: string, enabled: boolean): void {
  if (!enabled || typeof window.speechSynthesis === 'undefined') return;
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = formattingLocale(language);
  window.speechSynthesis.cancel();
  window.speechSynthesis.speak(utterance);
}
