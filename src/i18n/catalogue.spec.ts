import { CATALOGUES } from './i18n';

describe('translation catalogues', () => {
  const keys = Object.keys(CATALOGUES.en).sort();

  it.each(Object.keys(CATALOGUES))('%s has every key, each with a text', (locale) => {
    const catalogue = CATALOGUES[locale as keyof typeof CATALOGUES] as Record<string, string>;
    expect(Object.keys(catalogue).sort()).toEqual(keys);
    for (const key of keys)
      expect({ key, text: catalogue[key].trim().length > 0 }).toEqual({ key, text: true });
  });

  it('Kazakh and Russian are translations, not English left in place', () => {
    // Names that stay as they are in every language: the product and file formats.
    const kept = (text: string) => text.replace(/MedGuard|XLSX|CSV/g, '');
    const untranslated = (locale: 'kk' | 'ru') =>
      keys.filter((k) =>
        /[A-Za-z]{4,}/.test(kept(CATALOGUES[locale][k as keyof typeof CATALOGUES.en])),
      );
    expect(untranslated('kk')).toEqual([]);
    expect(untranslated('ru')).toEqual([]);
  });
});
