import type { Page } from 'playwright-core';
import { resources, type MessageKey } from '../../src/shared/i18n/resources';
import { languages, type Language } from '../../src/shared/vocabulary';

/*
 * What makes a screen "in one language" for the e2e tests (test/e2e/languages.test.ts walks every screen with it):
 * no key without text (shown marked ⟦key⟧ or as a bare dotted key), no text that is another language's message and
 * none of this language's, and no word typical of another language.
 */

export const text = (language: Language) => (key: MessageKey) => resources[language].translation[key];

/** Words that give a language away; data (library and person names) is chosen not to contain them. */
const typicalWords: Record<Language, string[]> = {
  sv: ['och', 'inte', 'är', 'för', 'från', 'låntagare', 'lånekort', 'måste', 'förväntade', 'spara', 'avbryt', 'användargrupper', 'läsare', 'strömmare', 'laddare', 'vuxen', 'ogiltig'],
  da: ['og', 'ikke', 'fra', 'låner', 'lånerkort', 'skal', 'gem', 'annuller', 'brugergrupper', 'læser', 'voksen', 'ugyldig'],
  en: ['the', 'and', 'with', 'please', 'required', 'expected', 'library card', 'save', 'invalid', 'adult'],
};

/** Other languages' messages that this language never shows (a shared word such as "OK" is no sign). */
function foreignMessages(language: Language): Map<string, Language> {
  const own = new Set(Object.values(resources[language].translation).map((v) => v.trim()));
  const out = new Map<string, Language>();
  for (const other of languages) {
    if (other === language) continue;
    for (const value of Object.values(resources[other].translation)) {
      const v = value.trim();
      if (v.length >= 4 && !v.includes('{{') && !own.has(v)) out.set(v, other);
    }
  }
  return out;
}

/** Every text a person can see or hear on the page: text nodes and the labels of controls, outside other-language parts. */
function screenTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const pageLang = document.documentElement.lang;
    const foreign = (el: Element | null) => Boolean(el?.closest(`[lang]:not([lang="${pageLang}"])`));
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || foreign(parent) || parent.closest('script, style, datalist')) continue;
      const value = node.textContent?.trim();
      if (value) out.push(value);
    }
    for (const el of document.body.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
      if (foreign(el)) continue;
      for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
        const value = el.getAttribute(name)?.trim();
        if (value) out.push(value);
      }
    }
    return out;
  });
}

export async function problemsOn(page: Page, language: Language, screen: string): Promise<string[]> {
  const foreign = foreignMessages(language);
  const words = languages.filter((l) => l !== language).flatMap((l) => typicalWords[l].filter((w) => !typicalWords[language].includes(w)));
  const ownValues = Object.values(resources[language].translation).join('\n').toLowerCase();
  const wordPattern = new RegExp(`(?<![\\p{L}])(${words.filter((w) => !new RegExp(`(?<![\\p{L}])${w}(?![\\p{L}])`, 'u').test(ownValues)).join('|')})(?![\\p{L}])`, 'iu');
  const problems: string[] = [];
  for (const value of await screenTexts(page)) {
    if (value.includes('⟦')) problems.push(`${screen}: untranslated key ${value}`);
    else if (/^[a-z][a-zA-Z]*(\.[a-zA-Z0-9_-]+){1,5}$/.test(value) && !value.includes('@')) problems.push(`${screen}: bare key "${value}"`);
    else if (foreign.has(value)) problems.push(`${screen}: ${foreign.get(value)} text "${value}"`);
    else if (wordPattern.test(value)) problems.push(`${screen}: foreign word in "${value}"`);
  }
  return problems;
}

