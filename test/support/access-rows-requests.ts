import { INCIDENT_READERS, RouteAccess } from './access-roles';

/** Footage asked of devices: who may call the routes, and on whose rows. */
export const REQUEST_ROWS: RouteAccess[] = [
  {
    route: 'GET /api/v1/footage-requests',
    allow: { device: 'unit' },
    noRows: true,
    note: "the key's unit's devices' requests only: the server picks them",
  },
  {
    route: 'POST /api/v1/footage-requests/:id/decline',
    allow: { device: 'unit' },
    note: "another unit's request reads as unknown",
  },
  {
    route: 'POST /api/v1/incidents/:id/footage-requests',
    allow: { facility_admin: 'facility', police: 'post' },
    note: 'api.md: facility_admin, police (routed); not admins',
  },
  { route: 'GET /api/v1/incidents/:id/footage-requests', allow: INCIDENT_READERS },
];
