/** The callers of the access table and the groups of roles its rows are written with. */

/** Everyone who can call the API: each role, a device gateway (`X-Api-Key`), and nobody signed in. */
export const CALLERS = [
  'anonymous',
  'staff',
  'facility_admin',
  'police',
  'ministry',
  'admin',
  'device',
] as const;
export type CallerName = (typeof CALLERS)[number];

/**
 * On whose rows a caller may act:
 * - `any`: every row (and routes without rows);
 * - `own`: rows the caller made (their own reports);
 * - `facility`: rows of the caller's facility;
 * - `unit`: rows of the device gateway's own unit;
 * - `post`: rows routed to the caller's police post (incidents alerted to it, their footage, its
 *   alerts, the post itself);
 * - `covered`: rows across the caller's coverage link (a facility admin: the posts covering the
 *   facility; police: the facilities their post covers).
 */
export type Scope = 'any' | 'own' | 'facility' | 'unit' | 'post' | 'covered';

/**
 * How a row outside the caller's scope is refused: 404 where the contract hides others' rows,
 * 403 where it says the scope forbids, `omitted` when a list leaves it out, or 400 naming the
 * field that referred to it (so an id of someone else's row reads like an unknown one).
 */
export type RowRefusal = 404 | 403 | 'omitted' | { status: 400; field: string };

export interface RouteAccess {
  /** Method and path exactly as the router has them. */
  route: string;
  /** The callers that may call it, each with its scope; everyone left out is refused. */
  allow: Partial<Record<CallerName, Scope>>;
  /** How a row out of scope is refused (default 404). */
  rows?: RowRefusal;
  /** How a caller without credentials (or with a device key where none is taken) is refused (default 401). */
  anonymous?: 302 | 401;
  /** How a signed-in caller of a role left out is refused (default 403). */
  role?: 401 | 403;
  /** The scope applies to what the server picks for the caller (a stream of its post): no row to name. */
  noRows?: true;
  /** Served outside Nest's router (mounted Express middleware), so not in the route listing. */
  mounted?: true;
  /** What api.md says that the columns do not, or what it leaves to the implementation. */
  note?: string;
}

export const EVERYONE: RouteAccess['allow'] = {
  anonymous: 'any',
  staff: 'any',
  facility_admin: 'any',
  police: 'any',
  ministry: 'any',
  admin: 'any',
  device: 'any',
};
export const SIGNED_IN: RouteAccess['allow'] = {
  staff: 'any',
  facility_admin: 'any',
  police: 'any',
  ministry: 'any',
  admin: 'any',
};
export const ADMIN: RouteAccess['allow'] = { admin: 'any' };
export const STATISTICS: RouteAccess['allow'] = { ministry: 'any', admin: 'any' };
export const INCIDENT_READERS: RouteAccess['allow'] = {
  staff: 'own',
  facility_admin: 'facility',
  police: 'post',
  admin: 'any',
};
export const INCIDENT_HANDLERS: RouteAccess['allow'] = { police: 'post', admin: 'any' };
export const FOOTAGE_READERS: RouteAccess['allow'] = {
  facility_admin: 'facility',
  police: 'post',
  admin: 'any',
};
export const FACILITY_MANAGERS: RouteAccess['allow'] = { facility_admin: 'facility', admin: 'any' };
export const DIRECTORY_READERS: RouteAccess['allow'] = {
  facility_admin: 'facility',
  police: 'covered',
  admin: 'any',
};
export const DIRECT_UPLOADERS: RouteAccess['allow'] = {
  facility_admin: 'facility',
  device: 'unit',
};
export const PAGE = { anonymous: 302 } as const;
