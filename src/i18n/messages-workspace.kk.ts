import type { workspaceEn } from './messages-workspace.en';

export const workspaceKk: Record<keyof typeof workspaceEn, string> = {
  'web.facility.title': 'Ұйымның жұмыс орны',
  'web.facility.sections': 'Жұмыс орнының бөлімдері',
  'web.facility.tab.reports': 'Хабарламалар',
  'web.facility.tab.staff': 'Қызметкерлердің есептік жазбалары',
  'web.facility.tab.devices': 'Бөлімшелер мен құрылғылар',
  'web.facility.choose': 'Ұйым',
  'web.facility.chooseButton': 'Ашу',
  'web.facility.chooseLead': 'Жұмыс істейтін ұйымды таңдаңыз.',
};
