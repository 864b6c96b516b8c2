export enum FacilityType {
  MultiProfileHospital = 'multi_profile_hospital',
  ChildrenHospital = 'children_hospital',
  PerinatalCentre = 'perinatal_centre',
  MaternityHospital = 'maternity_hospital',
  Polyclinic = 'polyclinic',
  AmbulanceStation = 'ambulance_station',
}

/** Facility types with an admission department (and so a recorder) of their own. */
export const HOSPITAL_TYPES: readonly FacilityType[] = [
  FacilityType.MultiProfileHospital,
  FacilityType.ChildrenHospital,
  FacilityType.PerinatalCentre,
  FacilityType.MaternityHospital,
];

export enum PostKind {
  Post = 'post',
  DutyDesk = 'duty_desk',
}

export enum UnitKind {
  AmbulanceTeam = 'ambulance_team',
  AdmissionDepartment = 'admission_department',
}

export enum DeviceKind {
  BodyCamera = 'body_camera',
  VideoRecorder = 'video_recorder',
}

/** Which unit a facility may have, and which device a unit carries. */
export function unitKindAllowedAt(kind: UnitKind, facilityType: FacilityType): boolean {
  return kind === UnitKind.AmbulanceTeam
    ? facilityType === FacilityType.AmbulanceStation
    : HOSPITAL_TYPES.includes(facilityType);
}

export function deviceKindFor(unitKind: UnitKind): DeviceKind {
  return unitKind === UnitKind.AmbulanceTeam ? DeviceKind.BodyCamera : DeviceKind.VideoRecorder;
}

/** The language of texts (SMS) sent to a post's officers. */
export const POST_LANGUAGES = ['kk', 'ru'] as const;
export type PostLanguage = (typeof POST_LANGUAGES)[number];
