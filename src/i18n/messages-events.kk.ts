import type { eventsEn } from './messages-events.en';

export const eventsKk: Record<keyof typeof eventsEn, string> = {
  'web.event.title': 'Бір шабуыл, бірнеше хабарлама',
  'web.event.none': 'Бұл хабарлама басқалармен біріктірілмеген.',
  'web.event.workers': 'Зардап шеккен әртүрлі медицина қызметкерлері: {n}',
  'web.event.reports': 'Осы шабуыл туралы хабарламалар',
  'web.event.leave': 'Оқиғадан шығару',
  'web.event.related': 'Осы шабуыл туралы болуы мүмкін хабарламалар',
  'web.event.noRelated': 'Сол уақытта жақын жерде басқа хабарлама жоқ.',
  'web.event.join': 'Біріктіру',
  'web.event.reason': 'Себебі (міндетті емес)',
  'web.event.failed': 'Орындалмады: {why}',
  'web.event.why.same_facility': 'сол ұйым',
  'web.event.why.same_unit': 'сол бөлімше немесе бригада',
  'web.event.why.nearby_address': '{m} м қашықтықта',
  'web.event.why.close_in_time': '{n} мин айырма',
  'history.event_joined': 'Осы шабуыл туралы басқа хабарламалармен біріктірілді',
  'history.event_left': 'Оқиғадан шығарылды',
  'web.case.history.event_joined': 'Осы шабуыл туралы басқа хабарламалармен біріктірілді',
  'web.case.history.event_left': 'Оқиғадан шығарылды',
  'reason.event':
    '{r} хабарламаларымен бірге есептелді: зардап шеккен әртүрлі медицина қызметкерлері — {n}',
};
