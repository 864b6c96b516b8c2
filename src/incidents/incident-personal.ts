import type { FieldCipher } from '../privacy/field-cipher';
import type { Incident, IncidentVictim } from './incident.entity';

/** A report's personal data in plain text: what the database holds only encrypted. */
export interface IncidentPersonal {
  placeAddress: string | null;
  placeLat: number | null;
  placeLon: number | null;
  perpetratorDescription: string | null;
  /** Null only once erased after the retention period; a report is always filed with one. */
  narrative: string | null;
  witnesses: string | null;
}

export type PersonalField = keyof IncidentPersonal;
/** An incident's row without its personal data. */
export type IncidentFacts = Omit<Incident, PersonalField>;

export function sealIncident(
  cipher: FieldCipher,
  p: IncidentPersonal,
): Record<PersonalField, Buffer | null> {
  return {
    placeAddress: cipher.sealNullable('incidents.place_address', p.placeAddress),
    placeLat: cipher.sealNumber('incidents.place_lat', p.placeLat),
    placeLon: cipher.sealNumber('incidents.place_lon', p.placeLon),
    perpetratorDescription: cipher.sealNullable(
      'incidents.perpetrator_description',
      p.perpetratorDescription,
    ),
    narrative: cipher.sealNullable('incidents.narrative', p.narrative),
    witnesses: cipher.sealNullable('incidents.witnesses', p.witnesses),
  };
}

export function openIncident(cipher: FieldCipher, i: Incident): IncidentPersonal {
  return {
    placeAddress: cipher.openNullable('incidents.place_address', i.placeAddress),
    placeLat: cipher.openNumber('incidents.place_lat', i.placeLat),
    placeLon: cipher.openNumber('incidents.place_lon', i.placeLon),
    perpetratorDescription: cipher.openNullable(
      'incidents.perpetrator_description',
      i.perpetratorDescription,
    ),
    narrative: cipher.openNullable('incidents.narrative', i.narrative),
    witnesses: cipher.openNullable('incidents.witnesses', i.witnesses),
  };
}

export type OpenVictim = Omit<IncidentVictim, 'fullName'> & { fullName: string | null };

export function openVictim(cipher: FieldCipher, v: IncidentVictim): OpenVictim {
  return { ...v, fullName: cipher.openNullable('incident_victims.full_name', v.fullName) };
}
