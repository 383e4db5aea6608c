/** Optional spoken prompts (SPEC 7) through the platform's speech synthesis, in the page language. */
export function speak(text: string, language: string, enabled: boolean): void {
  if (!enabled || typeof window.speechSynthesis === 'undefined') return;
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = { sv: 'sv-SE', da: 'da-DK', en: 'en-GB' }[language] ?? language;
  window.speechSynthesis.cancel();
  window.speechSynthesis.speak(utterance);
}
