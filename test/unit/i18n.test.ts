import { describe, expect, it } from 'vitest';
import { resources } from '../../src/shared/i18n/resources';

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  const en = resources.en.translation;
  it.each(['sv', 'da'] as const)('%s has every English key, none empty, with the same placeholders', (language) => {
    const messages = resources[language].translation;
    expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(messages)) {
      expect(text.trim(), key).not.toBe('');
      expect(placeholders(text), key).toEqual(placeholders(en[key as keyof typeof en]));
    }
  });
});
