import { alertSmsText } from './alert-sms';
import { parseReceipt } from './delivery-receipt';

const LINK = 'https://mg.kz/a/5TdfKXrGJcAIfqWU3ojN7o';
const facts = {
  reference: 'INC-2026-000123',
  category: 'assault',
  placeKind: 'admission_department',
  facilityName: 'ЦГКБ',
  link: LINK,
};

describe('the alert text in the post language', () => {
  it.each([
    ['kk', facts, `MedGuard INC-2026-000123: Шабуыл. Қабылдау бөлімі, ЦГКБ. ${LINK}`],
    ['ru', facts, `MedGuard INC-2026-000123: Нападение. Приёмное отделение, ЦГКБ. ${LINK}`],
    [
      'ru',
      { ...facts, category: 'assault_multiple', placeKind: 'ambulance_call' },
      `MedGuard INC-2026-000123: Нападение на неск. медработников. Вызов скорой помощи, ЦГКБ. ${LINK}`,
    ],
    [
      'kk',
      { ...facts, category: 'custom_code', placeKind: 'ward' },
      `MedGuard INC-2026-000123: custom_code. Палата немесе бөлімше, ЦГКБ. ${LINK}`,
    ],
  ] as const)('%s: %j', (language, input, text) => {
    const sms = alertSmsText('incident', language, input);
    expect(sms.text).toBe(text);
    expect(sms.dataCoding).toBe(8);
    expect(sms.segments.length).toBeLessThanOrEqual(2);
  });

  it.each([
    ['kk', `MedGuard SOS SOS-000042: көмек керек. Қабылдау бөлімі, ЦГКБ. ${LINK}`],
    ['ru', `MedGuard SOS SOS-000042: нужна помощь. Приёмное отделение, ЦГКБ. ${LINK}`],
  ] as const)('an SOS before its report, in %s: no category, no location', (language, text) => {
    const sms = alertSmsText('sos', language, {
      ...facts,
      reference: 'SOS-000042',
      category: null,
    });
    expect(sms.text).toBe(text);
    expect(sms.segments.length).toBeLessThanOrEqual(2);
  });

  it('keeps the reference and the link whole in the longest category and place', () => {
    const sms = alertSmsText('incident', 'kk', {
      ...facts,
      category: 'assault_emergency',
      placeKind: 'ambulance_call',
      facilityName: 'Алматы қаласының №1 орталық қалалық клиникалық ауруханасы',
      link: `https://medguard.health.gov.kz/a/5TdfKXrGJcAIfqWU3ojN7o`,
    });
    expect(sms.segments).toHaveLength(2);
    expect(sms.text).toContain('INC-2026-000123');
    expect(sms.text.endsWith('https://medguard.health.gov.kz/a/5TdfKXrGJcAIfqWU3ojN7o')).toBe(true);
    expect(sms.text).toContain('…');
  });
});

describe('delivery receipts', () => {
  const text = (stat: string) =>
    `id:7F3A21 sub:001 dlvrd:001 submit date:2612011200 done date:2612011201 stat:${stat} err:000 text:MedGuard`;
  it.each([
    [
      { esm_class: 0x04, short_message: { message: text('DELIVRD') } },
      { messageId: '7F3A21', status: 'DELIVRD' },
    ],
    [
      { esm_class: 0x04, short_message: Buffer.from(text('UNDELIV')) },
      { messageId: '7F3A21', status: 'UNDELIV' },
    ],
    [
      { esm_class: 0x04, short_message: '', receipted_message_id: 'abc', message_state: 3 },
      { messageId: 'abc', status: 'EXPIRED' },
    ],
    [{ esm_class: 0x00, short_message: text('DELIVRD') }, null],
    [{ esm_class: 0x04, short_message: 'no receipt here' }, null],
    [{ short_message: text('DELIVRD') }, null],
  ])('reads %j', (pdu, receipt) => {
    expect(parseReceipt(pdu)).toEqual(receipt);
  });
});
