import { Fixture } from './access-matrix';

const CLOSED_MONTH = new Date(Date.now() - 40 * 86400_000).toISOString().slice(0, 7);

/** The cells' requests for the dashboard's tables as files and its map. */
export const STATISTICS_FIXTURES: Record<string, Fixture> = {
  'GET /api/v1/stats/coverage.csv': async () => ({
    method: 'GET',
    path: '/api/v1/stats/coverage.csv',
  }),
  'GET /api/v1/stats/coverage.xlsx': async () => ({
    method: 'GET',
    path: `/api/v1/stats/coverage.xlsx?to=${CLOSED_MONTH}`,
  }),
  'GET /api/v1/stats/response-times.csv': async () => ({
    method: 'GET',
    path: `/api/v1/stats/response-times.csv?month=${CLOSED_MONTH}`,
  }),
  'GET /api/v1/stats/response-times.xlsx': async () => ({
    method: 'GET',
    path: `/api/v1/stats/response-times.xlsx?month=${CLOSED_MONTH}`,
  }),
  'GET /api/v1/stats/map': async () => ({
    method: 'GET',
    path: `/api/v1/stats/map?month=${CLOSED_MONTH}`,
  }),
};
