/**
 * Who may call each route, and on whose rows: the one statement of access control, taken from the
 * HTTP contract (api.md). `test/access-matrix.e2e-spec.ts` checks that it lists exactly the routes
 * the router serves and calls every cell of route × caller × own/other row against it.
 */
import {
  ADMIN,
  DIRECTORY_READERS,
  DIRECT_UPLOADERS,
  EVERYONE,
  FACILITY_MANAGERS,
  FOOTAGE_READERS,
  INCIDENT_HANDLERS,
  INCIDENT_READERS,
  PAGE,
  RouteAccess,
  SIGNED_IN,
  STATISTICS,
} from './access-roles';
import { ALERTING_ROWS } from './access-rows-alerting';
import { EVIDENCE_ROWS } from './access-rows-evidence';
import { REQUEST_ROWS } from './access-rows-requests';

export * from './access-roles';

const EVENT_HANDLERS: RouteAccess['allow'] = {
  facility_admin: 'facility',
  police: 'post',
  admin: 'any',
};

export const ACCESS_TABLE: RouteAccess[] = [
  // Auth
  { route: 'POST /api/v1/auth/login', allow: EVERYONE },
  { route: 'GET /api/v1/auth/me', allow: SIGNED_IN },
  { route: 'POST /api/v1/auth/logout', allow: SIGNED_IN },
  { route: 'POST /api/v1/auth/mfa/setup', allow: SIGNED_IN },
  { route: 'POST /api/v1/auth/mfa/confirm', allow: SIGNED_IN },
  { route: 'DELETE /api/v1/auth/mfa', allow: SIGNED_IN, note: 'own account only: no row to name' },
  { route: 'POST /api/v1/auth/password', allow: SIGNED_IN, note: 'on a fresh account per cell' },
  { route: 'GET /api/v1/auth/sessions', allow: SIGNED_IN, note: 'the caller’s own only' },
  {
    route: 'DELETE /api/v1/auth/sessions/:id',
    allow: { staff: 'own', facility_admin: 'own', police: 'own', ministry: 'own', admin: 'own' },
    note: 'another person’s session reads as unknown',
  },
  {
    route: 'POST /api/v1/auth/password-reset',
    allow: EVERYONE,
    note: 'not in api.md: the /password-reset page posts the link’s token here',
  },

  // Directory
  { route: 'GET /api/v1/regions', allow: SIGNED_IN },
  { route: 'GET /api/v1/facilities', allow: SIGNED_IN },
  { route: 'GET /api/v1/facilities/:id', allow: SIGNED_IN },
  { route: 'POST /api/v1/facilities', allow: ADMIN },
  { route: 'PATCH /api/v1/facilities/:id', allow: ADMIN },
  { route: 'DELETE /api/v1/facilities/:id', allow: ADMIN },
  {
    route: 'GET /api/v1/police-posts',
    allow: { admin: 'any', police: 'post', facility_admin: 'covered' },
    rows: 'omitted',
  },
  {
    route: 'GET /api/v1/police-posts/:id',
    allow: { admin: 'any', police: 'post', facility_admin: 'covered' },
  },
  { route: 'POST /api/v1/police-posts', allow: ADMIN },
  { route: 'PATCH /api/v1/police-posts/:id', allow: ADMIN },
  { route: 'DELETE /api/v1/police-posts/:id', allow: ADMIN },
  { route: 'GET /api/v1/police-posts/:id/shifts', allow: { admin: 'any', police: 'post' } },
  { route: 'POST /api/v1/police-posts/:id/shifts', allow: { admin: 'any', police: 'post' } },
  {
    route: 'DELETE /api/v1/police-posts/:id/shifts/:shiftId',
    allow: { admin: 'any', police: 'post' },
  },
  {
    route: 'GET /api/v1/police-posts/:id/officers',
    allow: { admin: 'any', police: 'post' },
    note: "not in api.md: the post's active officers, for the console's roster",
  },
  { route: 'GET /api/v1/police-posts/:id/deliveries', allow: { admin: 'any', police: 'post' } },
  {
    route: 'POST /api/v1/police-posts/:id/webhook/test',
    allow: { admin: 'any', police: 'post' },
    note: 'a post without a webhook answers 422, after the access checks',
  },
  { route: 'POST /api/v1/police-posts/:id/webhook-secret/rotate', allow: ADMIN },
  {
    route: 'GET /api/v1/units',
    allow: DIRECTORY_READERS,
    rows: 'omitted',
    note: 'api.md says "police"; an officer sees the units of the facilities the post covers',
  },
  { route: 'GET /api/v1/units/:id', allow: DIRECTORY_READERS, note: 'as the list' },
  { route: 'POST /api/v1/units', allow: FACILITY_MANAGERS, rows: 403 },
  { route: 'PATCH /api/v1/units/:id', allow: FACILITY_MANAGERS },
  { route: 'DELETE /api/v1/units/:id', allow: FACILITY_MANAGERS },
  { route: 'POST /api/v1/units/:id/api-keys', allow: FACILITY_MANAGERS },
  { route: 'GET /api/v1/units/:id/api-keys', allow: FACILITY_MANAGERS },
  { route: 'DELETE /api/v1/units/:id/api-keys/:keyId', allow: FACILITY_MANAGERS },
  {
    route: 'GET /api/v1/devices',
    allow: DIRECTORY_READERS,
    rows: 'omitted',
    note: 'api.md: admin, facility_admin (own facility), police; not device gateways',
  },
  { route: 'GET /api/v1/devices/:id', allow: DIRECTORY_READERS, note: 'as the list' },
  {
    route: 'POST /api/v1/devices',
    allow: FACILITY_MANAGERS,
    rows: { status: 400, field: 'unitId' },
  },
  { route: 'PATCH /api/v1/devices/:id', allow: FACILITY_MANAGERS },
  { route: 'DELETE /api/v1/devices/:id', allow: FACILITY_MANAGERS },
  { route: 'GET /api/v1/users', allow: FACILITY_MANAGERS, rows: 'omitted' },
  { route: 'GET /api/v1/users/:id', allow: FACILITY_MANAGERS },
  {
    route: 'POST /api/v1/users',
    allow: FACILITY_MANAGERS,
    rows: 403,
    note: "a facility admin creates staff of the own facility only; another facility's is 403",
  },
  { route: 'PATCH /api/v1/users/:id', allow: FACILITY_MANAGERS, note: 'staff accounts' },
  { route: 'DELETE /api/v1/users/:id', allow: FACILITY_MANAGERS, note: 'staff accounts' },
  {
    route: 'POST /api/v1/users/:id/password-reset',
    allow: FACILITY_MANAGERS,
    note: 'staff accounts; never one’s own',
  },
  {
    route: 'DELETE /api/v1/users/:id/mfa',
    allow: FACILITY_MANAGERS,
    note: 'not in api.md: a lost authenticator; staff accounts, never one’s own',
  },

  // Classification and states of emergency
  { route: 'GET /api/v1/classification/rule-sets', allow: SIGNED_IN },
  { route: 'GET /api/v1/classification/rule-sets/current', allow: SIGNED_IN },
  { route: 'POST /api/v1/classification/rule-sets', allow: ADMIN },
  {
    route: 'POST /api/v1/classification/rule-sets/preview',
    allow: ADMIN,
    note: 'a draft tried on sample reports; stores nothing',
  },
  { route: 'GET /api/v1/emergencies', allow: SIGNED_IN },
  { route: 'POST /api/v1/emergencies', allow: ADMIN },
  { route: 'PATCH /api/v1/emergencies/:id', allow: ADMIN, note: 'ends it early' },

  // Incidents
  {
    route: 'POST /api/v1/incidents',
    allow: { staff: 'facility', facility_admin: 'facility' },
    rows: 403,
    note: 'a report for another facility is 403 naming facilityId',
  },
  {
    route: 'POST /api/v1/incidents/classification',
    allow: { staff: 'facility', facility_admin: 'facility' },
    rows: 403,
    note: 'the report form’s preview: as filing',
  },
  {
    route: 'GET /api/v1/incidents',
    allow: INCIDENT_READERS,
    rows: 'omitted',
    note: 'ministry gets 403',
  },
  { route: 'GET /api/v1/incidents/:id', allow: INCIDENT_READERS },
  { route: 'PATCH /api/v1/incidents/:id/status', allow: INCIDENT_HANDLERS },
  { route: 'POST /api/v1/incidents/:id/reclassify', allow: INCIDENT_HANDLERS },
  {
    route: 'GET /api/v1/incidents/:id/access-log',
    allow: { staff: 'own', facility_admin: 'facility', admin: 'any' },
    note: 'the reporter, the facility’s admin, admins; police and the ministry get 403',
  },
  {
    route: 'GET /api/v1/me/export',
    allow: SIGNED_IN,
    note: 'api.md says staff; every signed-in person downloads their own data',
  },
  {
    route: 'POST /api/v1/incidents/:id/addenda',
    allow: { staff: 'own', facility_admin: 'facility' },
  },
  { route: 'GET /api/v1/incidents/:id/support', allow: FACILITY_MANAGERS },
  { route: 'PUT /api/v1/incidents/:id/support', allow: FACILITY_MANAGERS },
  {
    route: 'GET /api/v1/incidents/:id/progress',
    allow: INCIDENT_READERS,
    note: 'not in api.md: what the case page checks for changes; no personal data',
  },

  // Footage
  {
    route: 'POST /api/v1/footage',
    allow: { staff: 'facility', facility_admin: 'facility', device: 'unit' },
    rows: { status: 400, field: 'incidentId' },
    note: 'the row is the incident the upload is attached to',
  },
  {
    route: 'POST /api/v1/footage/uploads',
    allow: DIRECT_UPLOADERS,
    rows: { status: 400, field: 'deviceId' },
    note: 'the row is the device the footage is from',
  },
  { route: 'POST /api/v1/footage/uploads/:uploadId/complete', allow: DIRECT_UPLOADERS },
  { route: 'DELETE /api/v1/footage/uploads/:uploadId', allow: DIRECT_UPLOADERS },
  { route: 'GET /api/v1/footage/:id', allow: FOOTAGE_READERS },
  { route: 'GET /api/v1/footage/:id/content', allow: FOOTAGE_READERS },
  { route: 'GET /api/v1/footage/:id/custody', allow: FOOTAGE_READERS },
  { route: 'POST /api/v1/footage/:id/recheck', allow: FOOTAGE_READERS },
  { route: 'PUT /api/v1/footage/:id/legal-hold', allow: FOOTAGE_READERS },
  {
    route: 'POST /api/v1/incidents/:id/footage',
    allow: { staff: 'own', facility_admin: 'facility', police: 'post' },
    note: 'api.md: staff (own incident), facility_admin, police; not admins',
  },
  { route: 'GET /api/v1/incidents/:id/footage', allow: INCIDENT_READERS },
  {
    route: 'GET /api/v1/incidents/:id/footage/suggestions',
    allow: { facility_admin: 'facility', police: 'post' },
  },
  {
    route: 'DELETE /api/v1/incidents/:id/footage/:footageId',
    allow: { facility_admin: 'facility', police: 'post', admin: 'any' },
    note: 'unlinking: not in api.md; those who handle the incident',
  },

  ...EVIDENCE_ROWS,
  ...REQUEST_ROWS,
  ...ALERTING_ROWS,

  // Events (several reports of one attack)
  { route: 'GET /api/v1/incidents/:id/related', allow: EVENT_HANDLERS },
  {
    route: 'POST /api/v1/incidents/:id/event',
    allow: EVENT_HANDLERS,
    note: 'both reports must be visible',
  },
  { route: 'DELETE /api/v1/incidents/:id/event', allow: EVENT_HANDLERS },

  // Statistics
  { route: 'GET /api/v1/stats/monthly', allow: STATISTICS },
  { route: 'GET /api/v1/stats/monthly.csv', allow: STATISTICS },
  { route: 'GET /api/v1/stats/monthly.xlsx', allow: STATISTICS },
  { route: 'GET /api/v1/stats/trend', allow: STATISTICS },
  { route: 'GET /api/v1/stats/response-times', allow: STATISTICS },
  { route: 'GET /api/v1/stats/coverage', allow: STATISTICS },
  { route: 'GET /api/v1/stats/coverage.csv', allow: STATISTICS },
  { route: 'GET /api/v1/stats/coverage.xlsx', allow: STATISTICS },
  { route: 'GET /api/v1/stats/response-times.csv', allow: STATISTICS },
  { route: 'GET /api/v1/stats/response-times.xlsx', allow: STATISTICS },
  { route: 'GET /api/v1/stats/map', allow: STATISTICS, note: 'the dashboard map’s figures' },
  { route: 'GET /api/v1/stats/open-data.csv', allow: EVERYONE },

  // Pages and operations
  { route: 'GET /', allow: EVERYONE, note: 'sign-in, or a signed-in user’s home page' },
  { route: 'POST /web/session', allow: EVERYONE, note: 'the pages’ sign-in' },
  { route: 'POST /web/session/end', allow: SIGNED_IN },
  { route: 'GET /account/mfa', allow: SIGNED_IN, ...PAGE, note: 'multi-factor sign-in set-up' },
  { route: 'GET /lang/:locale', allow: EVERYONE },
  { route: 'GET /a/:code', allow: EVERYONE, note: 'the short link of a text, to the console' },
  {
    route: 'GET /report',
    allow: { staff: 'any', facility_admin: 'any' },
    ...PAGE,
    note: 'pages send visitors to sign in',
  },
  {
    route: 'GET /reports/:id',
    allow: { staff: 'own', facility_admin: 'facility' },
    ...PAGE,
    note: 'the case page: another’s report and an unknown id get the same not-found page',
  },
  { route: 'GET /police', allow: { police: 'any' }, ...PAGE },
  {
    route: 'GET /facility',
    allow: { facility_admin: 'any', admin: 'any' },
    ...PAGE,
    note: 'the facility workspace; its data comes from the API, scoped there',
  },
  { route: 'GET /ministry', allow: { ministry: 'any', admin: 'any' }, ...PAGE },
  { route: 'GET /account', allow: SIGNED_IN, ...PAGE, note: 'password and sessions' },
  {
    route: 'GET /facility/staff',
    allow: { facility_admin: 'any', admin: 'any' },
    ...PAGE,
    note: 'the facility workspace’s staff accounts; an admin picks the facility',
  },
  {
    route: 'GET /facility/devices',
    allow: { facility_admin: 'any', admin: 'any' },
    ...PAGE,
    note: 'the facility workspace’s units, devices and device keys',
  },
  { route: 'GET /password-reset', allow: EVERYONE, note: 'the page a reset link opens' },
  { route: 'GET /admin/queues', allow: ADMIN, mounted: true, note: 'the queue dashboard' },
  {
    route: 'GET /admin',
    allow: ADMIN,
    ...PAGE,
    note: 'the operator console: regions and facilities',
  },
  { route: 'GET /admin/posts', allow: ADMIN, ...PAGE },
  { route: 'GET /admin/users', allow: ADMIN, ...PAGE },
  { route: 'GET /admin/rule-sets', allow: ADMIN, ...PAGE },
  { route: 'GET /admin/emergencies', allow: ADMIN, ...PAGE },
  { route: 'GET /health', allow: EVERYONE },
  { route: 'GET /health/ready', allow: EVERYONE },
  {
    route: 'GET /metrics',
    allow: {},
    role: 401,
    note: 'only the scraper holding METRICS_TOKEN; every other credential is 401',
  },
];

/**
 * Routes of api.md this version does not serve yet. Once the router serves one, the matrix fails
 * until the route moves into the table above.
 */
export const NOT_SERVED_YET: string[] = [];
