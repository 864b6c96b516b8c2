import { Fixture } from './access-matrix';

/** The cells' requests for the privacy routes: a report's access log, one's own data. */
export const PRIVACY_FIXTURES: Record<string, Fixture> = {
  'GET /api/v1/incidents/:id/access-log': async (w, _c, side) => ({
    method: 'GET',
    path: `/api/v1/incidents/${w.incident[side].id}/access-log`,
  }),
  'GET /api/v1/me/export': async () => ({ method: 'GET', path: '/api/v1/me/export' }),
};
