import { Fixture } from './access-matrix';

/** The cells' requests for a report's victim support and the facility workspace. */
export const SUPPORT_FIXTURES: Record<string, Fixture> = {
  'GET /api/v1/incidents/:id/support': async (w, _c, side) => ({
    method: 'GET',
    path: `/api/v1/incidents/${w.incident[side].id}/support`,
  }),
  'PUT /api/v1/incidents/:id/support': async (w, _c, side) => ({
    method: 'PUT',
    path: `/api/v1/incidents/${w.incident[side].id}/support`,
    body: [{ victimIndex: 0, kind: 'counselling', state: 'offered' }],
  }),
  'GET /facility': async () => ({ method: 'GET', path: '/facility', via: 'page', success: [200] }),
};
