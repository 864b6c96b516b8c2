import type { eventsEn } from './messages-events.en';

export const eventsRu: Record<keyof typeof eventsEn, string> = {
  'web.event.title': 'Одно нападение, несколько сообщений',
  'web.event.none': 'Это сообщение не объединено с другими.',
  'web.event.workers': 'Пострадавших медицинских работников (разных): {n}',
  'web.event.reports': 'Сообщения об этом нападении',
  'web.event.leave': 'Исключить из события',
  'web.event.related': 'Сообщения, возможно, об этом же нападении',
  'web.event.noRelated': 'Других сообщений рядом в это время нет.',
  'web.event.join': 'Объединить',
  'web.event.reason': 'Почему (необязательно)',
  'web.event.failed': 'Не выполнено: {why}',
  'web.event.why.same_facility': 'та же организация',
  'web.event.why.same_unit': 'то же отделение или бригада',
  'web.event.why.nearby_address': 'в {m} м',
  'web.event.why.close_in_time': 'разница {n} мин',
  'history.event_joined': 'Объединено с другими сообщениями об этом нападении',
  'history.event_left': 'Исключено из события',
  'web.case.history.event_joined': 'Объединено с другими сообщениями об этом нападении',
  'web.case.history.event_left': 'Исключено из события',
  'reason.event': 'учтено вместе с сообщениями {r}: пострадали разные медицинские работники — {n}',
};
