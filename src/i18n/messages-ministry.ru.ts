import type { ministryEn } from './messages-ministry.en';

/** Тексты панели министерства, её карты и выгрузок. */
export const ministryRu: Record<keyof typeof ministryEn, string> = {
  'stats.facilityType': 'Тип организации',
  'stats.facilities': 'Организации',
  'stats.covered': 'С полицейским постом',
  'stats.uncovered': 'Без полицейского поста',
  'stats.incidentsAtUncovered': 'Инциденты там, где нет поста',
  'stats.acknowledgedIncidents': 'Принятые инциденты',
  'web.ministry.change': 'Изменение',
  'web.ministry.changeFromPrevious': 'Изменение к предыдущему месяцу',
  'web.ministry.changeFromLastYear': 'Изменение к тому же месяцу прошлого года',
  'web.ministry.noBase': 'не с чем сравнить',
  'web.ministry.supportOffered': 'Пострадавшим предложена поддержка',
  'web.ministry.supportCompleted': 'Поддержка завершена',
  'web.ministry.coverage': 'Охват полицейскими постами',
  'web.ministry.coverageLead':
    'Организации с полицейским постом и без него, по регионам и типам, и их инциденты за 12 месяцев по {m}.',
  'web.ministry.timesLead': 'Оповещения по инцидентам месяца и то, как полиция их приняла.',
  'web.ministry.downloads': 'Скачать эту таблицу',
  'web.ministry.map': 'Карта',
  'web.ministry.mapShow': 'Показать карту',
  'web.ministry.mapLead':
    'Инциденты месяца по регионам (чем темнее, тем больше) и организации с полицейским постом и без него.',
  'web.ministry.mapLoading': 'Карта загружается…',
  'web.ministry.mapFailed': 'Не удалось загрузить карту. Те же цифры есть в таблицах выше.',
  'web.ministry.mapLabel': 'Карта инцидентов по регионам и охвата полицейскими постами',
  'web.ministry.mapRegion': '{who}: инцидентов — {n}',
  'web.ministry.mapCovered': 'Организация с полицейским постом',
  'web.ministry.mapUncovered': 'Организация без полицейского поста',
  'web.ministry.mapFacility': '{who}: инцидентов — {n}',
  'web.ministry.mapShapes': 'Границы регионов',
  'web.ministry.mapZoomIn': 'Приблизить',
  'web.ministry.mapZoomOut': 'Отдалить',
  'web.ministry.mapLegend': 'Инциденты за месяц',
  'stats.events': 'События',
  'web.ministry.reports': 'Сообщения',
  'web.ministry.eventsNote':
    'Сообщения об одном нападении, объединённые в событие, считаются один раз — в месяце самого раннего; пострадавшие — разные люди, пострадавшие в каждом событии.',
};
