import { alertIdOfCode, shortAlertPath } from './alert-link';
import { fitsGsm7 } from './gsm-alphabet';
import { buildSmsText, concatenationHeader, SmsFacts } from './sms-text';

const TEMPLATE = 'MedGuard {ref}: {cat}. {loc}, {fac}. {url}';
const LINK = 'https://medguard.example.kz/a/5TdfKXrGJcAIfqWU3ojN7o';
const latin: SmsFacts = {
  reference: 'INC-2026-000123',
  category: 'Assault',
  place: 'Admission department',
  facility: 'Central City Clinical Hospital',
  link: LINK,
};
const ru: SmsFacts = {
  reference: 'INC-2026-000123',
  category: 'Нападение',
  place: 'Приёмное отделение',
  facility: 'Центральная городская клиническая больница',
  link: LINK,
};
const long = (n: number, unit = 'Больница ') => unit.repeat(n);
const decode = (dc: 0 | 8, parts: Buffer[]) =>
  dc === 8 ? Buffer.concat(parts).swap16().toString('utf16le') : null;

describe('the alert text', () => {
  it.each([
    ['Latin text in one GSM segment', latin, 0, 1],
    ['Cyrillic text in one or two UCS-2 segments', ru, 8, 2],
    ['GSM text with extension characters', { ...latin, facility: 'Clinic [A] {B} €' }, 0, 1],
    [
      'a long Latin facility, cut to two GSM segments',
      { ...latin, facility: long(60, 'Hospital ') },
      0,
      2,
    ],
    ['a long Cyrillic facility, cut to two UCS-2 segments', { ...ru, facility: long(40) }, 8, 2],
    [
      'a Latin facility among Kazakh words, all in UCS-2',
      { ...ru, category: 'Шабуыл', facility: 'City Clinic' },
      8,
      2,
    ],
    [
      'a very long category and place as well',
      { ...ru, category: long(20, 'Нападение '), place: long(20), facility: long(20) },
      8,
      2,
    ],
  ] as const)('%s', (_what, facts, dataCoding, segments) => {
    const sms = buildSmsText(TEMPLATE, facts);
    expect(sms.dataCoding).toBe(dataCoding);
    expect(sms.segments).toHaveLength(segments);
    expect(sms.text).toContain(facts.reference);
    expect(sms.text).toContain(facts.link);
    const perPart = (dataCoding === 0 ? [160, 153] : [140, 134])[segments === 1 ? 0 : 1];
    for (const s of sms.segments) expect(s.length).toBeLessThanOrEqual(perPart);
    if (dataCoding === 8) expect(decode(8, sms.segments)).toBe(sms.text);
  });

  it('keeps the facility whole when it fits and shortens it with an ellipsis when not', () => {
    expect(buildSmsText(TEMPLATE, latin).text).toBe(
      `MedGuard INC-2026-000123: Assault. Admission department, Central City Clinical Hospital. ${LINK}`,
    );
    const cut = buildSmsText(TEMPLATE, { ...ru, facility: long(40) });
    expect(cut.text).toMatch(/, Больница Больница Боль…\. https:/);
    expect(cut.text.length).toBe(134);
    expect(buildSmsText(TEMPLATE, { ...latin, facility: long(60, 'Hospital ') }).text).toMatch(
      /Hospital ?H?o?s?p?i?t?a?l?\.\.\.\. https:/,
    );
  });

  it('counts a GSM extension character as two septets', () => {
    const sms = buildSmsText('{fac}', { ...latin, facility: '€'.repeat(80) });
    expect(sms.segments).toHaveLength(1);
    expect(sms.segments[0].length).toBe(160);
    expect(buildSmsText('{fac}', { ...latin, facility: '€'.repeat(81) }).segments).toHaveLength(2);
  });

  it('never splits a GSM escape pair across segments', () => {
    const sms = buildSmsText('{fac}', { ...latin, facility: 'a' + '€'.repeat(100) });
    expect(sms.segments[0].length).toBe(153);
    expect(sms.segments[0][152]).not.toBe(0x1b);
  });

  it.each([
    ['Latin and digits', 'Ward 5, bed 12', true],
    ['Russian', 'Палата', false],
    ['Kazakh', 'Қабылдау бөлімі', false],
    ['a backtick', 'a`b', false],
  ])('knows whether %s fits GSM 7-bit', (_w, text, fits) => {
    expect(fitsGsm7(text)).toBe(fits);
  });

  it('heads each part of a concatenated text with its reference, count and number', () => {
    expect([...concatenationHeader(300, 2, 1)]).toEqual([0x05, 0x00, 0x03, 44, 2, 1]);
  });
});

describe('the short alert link', () => {
  it.each([
    '00000000-0000-4000-8000-000000000000',
    'ffffffff-ffff-4fff-bfff-ffffffffffff',
    '3f2b8c1e-9d4a-4b7e-8f10-2a6c5d9e7b01',
  ])('codes %s in 22 characters and back', (id) => {
    const path = shortAlertPath(id);
    expect(path).toMatch(/^\/a\/[0-9A-Za-z]{22}$/);
    expect(alertIdOfCode(path.slice(3))).toBe(id);
  });

  it.each(['short', 'zzzzzzzzzzzzzzzzzzzzzz', '../../../etc/passwd0000', ''])(
    'reads %j as no alert',
    (code) => expect(alertIdOfCode(code)).toBeNull(),
  );
});
