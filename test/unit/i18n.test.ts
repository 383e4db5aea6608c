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

describe('plural forms', () => {
  const pluralBases = (language: 'sv' | 'da' | 'en') => {
    const keys = Object.keys(resources[language].translation);
    return new Set(keys.filter((k) => /_(one|other)$/.test(k)).map((k) => k.replace(/_(one|other)$/, '')));
  };

  it.each(['sv', 'da', 'en'] as const)('%s: every plural has its one and other form, the same ones as English', (language) => {
    const messages = resources[language].translation as Record<string, string>;
    for (const base of pluralBases(language)) {
      for (const form of ['one', 'other']) {
        const text = messages[`${base}_${form}`];
        expect(text, `${base}_${form}`).toBeDefined();
      }
      // A plural key is asked for by its base; the base itself must not exist too (it would win for some counts).
      expect(messages[base], base).toBeUndefined();
    }
    expect([...pluralBases(language)].sort()).toEqual([...pluralBases('en')].sort());
  });

  it.each(['sv', 'da', 'en'] as const)('%s: a sentence with a count has plural forms (a label with a number in it need not)', (language) => {
    const messages = resources[language].translation as Record<string, string>;
    // "Loans (3)", "People inside (estimate): 3": the number stands apart and reads the same for 1.
    const label = /(\(\{\{count\}\}\)|: \{\{count\}\})$/;
    const singularOnly = Object.entries(messages).filter(([key, text]) => text.includes('{{count}}') && !/_(one|other)$/.test(key) && !label.test(text));
    expect(singularOnly.map(([key]) => key)).toEqual([]);
  });

  it.each(['sv', 'da', 'en'] as const)('%s: i18next picks the one form for 1 and the other for 5', async (language) => {
    const { default: i18next } = await import('i18next');
    const { i18nOptions } = await import('../../src/shared/i18n/resources');
    const i18n = i18next.createInstance();
    await i18n.init({ ...i18nOptions, lng: language });
    const messages = resources[language].translation as Record<string, string>;
    const fill = (text: string | undefined, count: number) => (text ?? '').replace(/\{\{(\w+)\}\}/g, (_, name: string) => (name === 'count' ? String(count) : name));
    for (const base of pluralBases(language)) {
      for (const name of placeholders(messages[`${base}_other`] ?? '')) expect([...placeholders(messages[`${base}_one`] ?? ''), 'count'], base).toContain(name);
      const values = (count: number) => Object.fromEntries([...placeholders(messages[`${base}_other`] ?? ''), 'count'].map((n): [string, string | number] => [String(n), n === 'count' ? count : String(n)]));
      expect(i18n.t(base, values(1) as never), base).toBe(fill(messages[`${base}_one`], 1));
      expect(i18n.t(base, values(5) as never), base).toBe(fill(messages[`${base}_other`], 5));
    }
  });
});
