import { mapUrl } from '../alerts/alert-view';
import { UnitKind } from '../directory/directory.types';
import { placeKindOf } from './sos.queries';

describe('where an officer looks for the sender of an SOS', () => {
  it.each<[UnitKind | null, string]>([
    [UnitKind.AmbulanceTeam, 'ambulance_call'],
    [UnitKind.AdmissionDepartment, 'admission_department'],
    [null, 'other'],
  ])('a sender in %s is at %s', (unit, place) => {
    expect(placeKindOf(unit)).toBe(place);
  });

  it.each([
    [
      43.2389,
      76.8897,
      'https://www.openstreetmap.org/?mlat=43.2389&mlon=76.8897#map=17/43.2389/76.8897',
    ],
    [-33.5, -70.25, 'https://www.openstreetmap.org/?mlat=-33.5&mlon=-70.25#map=17/-33.5/-70.25'],
  ])('links %d, %d to the map at street level', (lat, lon, url) => {
    expect(mapUrl(lat, lon)).toBe(url);
  });
});
