export enum Role {
  Staff = 'staff',
  FacilityAdmin = 'facility_admin',
  Police = 'police',
  Ministry = 'ministry',
  Admin = 'admin',
}

export const ROLES = Object.values(Role);

export type Locale = 'kk' | 'ru' | 'en';
export const LOCALES: Locale[] = ['kk', 'ru', 'en'];

/** A signed-in person, as the access guard resolved them for this request. */
export interface UserActor {
  kind: 'user';
  id: string;
  role: Role;
  facilityId: string | null;
  policePostId: string | null;
  locale: Locale;
  sessionId: string;
  /** The account signs in with a TOTP code. */
  mfaEnabled: boolean;
  /** The role must sign in with a code and has none set up: only the set-up step is open. */
  mfaSetupRequired: boolean;
}

/** A body-camera dock or admission-department recorder, authenticated by its unit's API key. */
export interface DeviceActor {
  kind: 'device';
  unitId: string;
  facilityId: string;
  apiKeyId: string;
}

export type Actor = UserActor | DeviceActor;

/** Who is calling and from where: what services need for scoping and the audit log. */
export interface Caller<A extends Actor | null = Actor> {
  actor: A;
  ip: string | null;
  requestId: string | null;
  /** The client's `User-Agent`, where a request carries one (sign-ins record it). */
  userAgent?: string | null;
}

export function isUser(actor: Actor | null): actor is UserActor {
  return actor?.kind === 'user';
}
