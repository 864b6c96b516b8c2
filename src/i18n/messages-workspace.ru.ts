import type { workspaceEn } from './messages-workspace.en';

export const workspaceRu: Record<keyof typeof workspaceEn, string> = {
  'web.facility.title': 'Рабочее место организации',
  'web.facility.sections': 'Разделы рабочего места',
  'web.facility.tab.reports': 'Сообщения',
  'web.facility.tab.staff': 'Учётные записи сотрудников',
  'web.facility.tab.devices': 'Подразделения и устройства',
  'web.facility.choose': 'Организация',
  'web.facility.chooseButton': 'Открыть',
  'web.facility.chooseLead': 'Выберите организацию, с которой работаете.',
};
