import { EVERYONE, INCIDENT_HANDLERS, RouteAccess } from './access-roles';

/** Evidence packages and their share links: who may call them, and on whose rows. */
export const EVIDENCE_ROWS: RouteAccess[] = [
  { route: 'POST /api/v1/incidents/:id/evidence-packages', allow: INCIDENT_HANDLERS },
  { route: 'GET /api/v1/evidence-packages/public-key', allow: EVERYONE },
  { route: 'GET /api/v1/evidence-packages/:id', allow: INCIDENT_HANDLERS },
  { route: 'GET /api/v1/evidence-packages/:id/content', allow: INCIDENT_HANDLERS },
  { route: 'POST /api/v1/evidence-packages/:id/share', allow: INCIDENT_HANDLERS },
  { route: 'DELETE /api/v1/evidence-packages/:id/share', allow: INCIDENT_HANDLERS },
  {
    route: 'GET /share/evidence/:token',
    allow: EVERYONE,
    note: 'the token is the credential; any other one sent is ignored',
  },
];
