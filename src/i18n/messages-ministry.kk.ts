import type { ministryEn } from './messages-ministry.en';

/** Министрлік тақтасының, оның картасының және жүктемелерінің мәтіндері. */
export const ministryKk: Record<keyof typeof ministryEn, string> = {
  'stats.facilityType': 'Ұйым түрі',
  'stats.facilities': 'Ұйымдар',
  'stats.covered': 'Полиция бекеті бар',
  'stats.uncovered': 'Полиция бекеті жоқ',
  'stats.incidentsAtUncovered': 'Бекет жоқ жердегі оқиғалар',
  'stats.acknowledgedIncidents': 'Қабылданған оқиғалар',
  'web.ministry.change': 'Өзгеріс',
  'web.ministry.changeFromPrevious': 'Алдыңғы аймен салыстырғандағы өзгеріс',
  'web.ministry.changeFromLastYear': 'Өткен жылдың сол айымен салыстырғандағы өзгеріс',
  'web.ministry.noBase': 'салыстыратын мән жоқ',
  'web.ministry.supportOffered': 'Қолдау ұсынылған зардап шеккендер',
  'web.ministry.supportCompleted': 'Қолдау аяқталды',
  'web.ministry.coverage': 'Полиция бекеттерімен қамту',
  'web.ministry.coverageLead':
    'Полиция бекеті бар және жоқ ұйымдар, өңірлер мен түрлер бойынша, және олардағы {m} дейінгі 12 айдағы оқиғалар.',
  'web.ministry.timesLead':
    'Айдағы оқиғалар бойынша хабарламалар және полицияның оларды қабылдауы.',
  'web.ministry.downloads': 'Осы кестені жүктеу',
  'web.ministry.map': 'Карта',
  'web.ministry.mapShow': 'Картаны көрсету',
  'web.ministry.mapLead':
    'Айдағы оқиғалар өңірлер бойынша (неғұрлым қою болса, соғұрлым көп) және полиция бекеті бар және жоқ ұйымдар.',
  'web.ministry.mapLoading': 'Карта жүктелуде…',
  'web.ministry.mapFailed': 'Картаны жүктеу мүмкін болмады. Сол сандар жоғарыдағы кестелерде бар.',
  'web.ministry.mapLabel': 'Өңірлер бойынша оқиғалар мен полиция бекеттерімен қамту картасы',
  'web.ministry.mapRegion': '{who}: оқиғалар — {n}',
  'web.ministry.mapCovered': 'Полиция бекеті бар ұйым',
  'web.ministry.mapUncovered': 'Полиция бекеті жоқ ұйым',
  'web.ministry.mapFacility': '{who}: оқиғалар — {n}',
  'web.ministry.mapShapes': 'Өңір шекаралары',
  'web.ministry.mapZoomIn': 'Жақындату',
  'web.ministry.mapZoomOut': 'Алыстату',
  'web.ministry.mapLegend': 'Айдағы оқиғалар',
  'stats.events': 'Жеке оқиғалар',
  'web.ministry.reports': 'Хабарламалар',
  'web.ministry.eventsNote':
    'Бір шабуыл туралы бір оқиғаға біріктірілген хабарламалар бір рет, ең ертесінің айында саналады; зардап шеккендер — әр оқиғада зардап шеккен әртүрлі адамдар.',
};
