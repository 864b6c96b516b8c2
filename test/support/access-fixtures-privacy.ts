import { Fixture } from './access-matrix';

/**
 * The cells' requests for the privacy routes and the reporter's own view: a report's access log,
 * one's own data, the case page and the progress it checks.
 */
export const PRIVACY_FIXTURES: Record<string, Fixture> = {
  'GET /api/v1/incidents/:id/access-log': async (w, _c, side) => ({
    method: 'GET',
    path: `/api/v1/incidents/${w.incident[side].id}/access-log`,
  }),
  'GET /api/v1/me/export': async () => ({ method: 'GET', path: '/api/v1/me/export' }),
  'GET /api/v1/incidents/:id/progress': async (w, _c, side) => ({
    method: 'GET',
    path: `/api/v1/incidents/${w.incident[side].id}/progress`,
  }),
  'GET /reports/:id': async (w, _c, side) => ({
    method: 'GET',
    path: `/reports/${w.incident[side].id}`,
    via: 'page',
    success: [200],
  }),
};
