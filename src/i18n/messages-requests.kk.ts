import type { requestsEn } from './messages-requests.en';

/** Ұйымның және полиция пультінің хабарлама карточкасындағы бейнежазба сұраулары. */
export const requestsKk: Record<keyof typeof requestsEn, string> = {
  'web.requests.title': 'Құрылғылардан сұралған бейнежазбалар',
  'web.requests.none': 'Бұл хабарлама бойынша құрылғылардан бейнежазба сұралмаған.',
  'web.requests.status.open': 'Сұралды, әлі жауап жоқ',
  'web.requests.status.uploading': 'Жүктелуде',
  'web.requests.status.received': 'Алынды, тексерілуде',
  'web.requests.status.verified': 'Алынды және тексерілді',
  'web.requests.status.declined': 'Бас тартылды',
  'web.requests.status.expired': 'Мерзімі өтті, жазба жоқ',
  'web.requests.reason.not_recorded': 'жазба жүргізілмеген',
  'web.requests.reason.overwritten': 'жазба үстінен жазылған',
  'web.requests.reason.device_offline': 'құрылғы желіде жоқ',
  'web.requests.origin.report': 'хабарлама берілгенде сұралды',
  'web.requests.origin.person': 'қолмен сұралды',
  'web.requests.until': '{at} дейін күтіледі',
  'web.requests.ask': 'Бейнежазбаны сұрау',
  'web.requests.device': 'Құрылғы',
  'web.requests.from': 'Бастап',
  'web.requests.to': 'Дейін',
  'web.requests.failed': 'Бейнежазба сұралмады: {why}',
};
