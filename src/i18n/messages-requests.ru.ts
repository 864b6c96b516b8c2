import type { requestsEn } from './messages-requests.en';

/** Запросы видеозаписей в карточке сообщения у организации и на пульте полиции. */
export const requestsRu: Record<keyof typeof requestsEn, string> = {
  'web.requests.title': 'Видеозаписи, запрошенные у устройств',
  'web.requests.none': 'У устройств не запрашивали видеозаписи по этому сообщению.',
  'web.requests.status.open': 'Запрошено, ответа пока нет',
  'web.requests.status.uploading': 'Загружается',
  'web.requests.status.received': 'Получено, проверяется',
  'web.requests.status.verified': 'Получено и проверено',
  'web.requests.status.declined': 'Отклонено',
  'web.requests.status.expired': 'Срок истёк, записи нет',
  'web.requests.reason.not_recorded': 'запись не велась',
  'web.requests.reason.overwritten': 'запись перезаписана',
  'web.requests.reason.device_offline': 'устройство не в сети',
  'web.requests.origin.report': 'запрошено при подаче сообщения',
  'web.requests.origin.person': 'запрошено вручную',
  'web.requests.until': 'ожидается до {at}',
  'web.requests.ask': 'Запросить видеозапись',
  'web.requests.device': 'Устройство',
  'web.requests.from': 'С',
  'web.requests.to': 'По',
  'web.requests.failed': 'Видеозапись не запрошена: {why}',
};
