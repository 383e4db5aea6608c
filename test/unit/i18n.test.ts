import { describe, expect, it } from 'vitest';
import { features, resources } from '../../src/shared/i18n/resources';

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

describe('the message files', () => {
  it('define each key once: a key in two feature files would silently take the later text', () => {
    const seen = new Map<string, number>();
    for (const feature of features) for (const key of Object.keys(feature.en)) seen.set(key, (seen.get(key) ?? 0) + 1);
    expect([...seen].filter(([, count]) => count > 1).map(([key]) => key)).toEqual([]);
  });
});
