import { Fixture } from './access-matrix';
import { PLACES } from './access-world';

/** The cells' requests for sign-in and the directory: a minimal valid request each, on fresh rows where it changes them. */
export const DIRECTORY_FIXTURES: Record<string, Fixture> = {
  'POST /api/v1/auth/login': async (w, caller) => ({
    method: 'POST',
    path: '/api/v1/auth/login',
    body: w.credentials(caller),
  }),
  'GET /api/v1/auth/me': async () => ({ method: 'GET', path: '/api/v1/auth/me' }),
  'POST /api/v1/auth/logout': async (w, caller) => ({
    method: 'POST',
    path: '/api/v1/auth/logout',
    identity: await w.signIn(caller),
  }),

  'GET /api/v1/regions': async () => ({ method: 'GET', path: '/api/v1/regions' }),
  'GET /api/v1/facilities': async () => ({ method: 'GET', path: '/api/v1/facilities' }),
  'GET /api/v1/facilities/:id': async () => ({
    method: 'GET',
    path: `/api/v1/facilities/${PLACES.own.facility}`,
  }),
  'POST /api/v1/facilities': async (w) => ({
    method: 'POST',
    path: '/api/v1/facilities',
    body: w.facilityBody(),
  }),
  'PATCH /api/v1/facilities/:id': async (w) => ({
    method: 'PATCH',
    path: `/api/v1/facilities/${await w.byAdmin('/api/v1/facilities', w.facilityBody(), 'a facility')}`,
    body: { staffCount: 12 },
  }),
  'DELETE /api/v1/facilities/:id': async (w) => ({
    method: 'DELETE',
    path: `/api/v1/facilities/${await w.byAdmin('/api/v1/facilities', w.facilityBody(), 'a facility')}`,
  }),

  'GET /api/v1/police-posts': async (_w, _c, side) => ({
    method: 'GET',
    path: '/api/v1/police-posts',
    listed: PLACES[side].post,
  }),
  'GET /api/v1/police-posts/:id': async (_w, _c, side) => ({
    method: 'GET',
    path: `/api/v1/police-posts/${PLACES[side].post}`,
  }),
  'POST /api/v1/police-posts': async (w) => ({
    method: 'POST',
    path: '/api/v1/police-posts',
    body: w.postBody(),
  }),
  'PATCH /api/v1/police-posts/:id': async (w) => ({
    method: 'PATCH',
    path: `/api/v1/police-posts/${await w.byAdmin('/api/v1/police-posts', w.postBody(), 'a post')}`,
    body: { phone: '+77011234567' },
  }),
  'DELETE /api/v1/police-posts/:id': async (w) => ({
    method: 'DELETE',
    path: `/api/v1/police-posts/${await w.byAdmin('/api/v1/police-posts', w.postBody(), 'a post')}`,
  }),

  'GET /api/v1/police-posts/:id/deliveries': async (_w, _c, side) => ({
    method: 'GET',
    path: `/api/v1/police-posts/${PLACES[side].post}/deliveries`,
  }),
  /** The demo posts have no webhook: once access is granted the answer is 422. */
  'POST /api/v1/police-posts/:id/webhook/test': async (_w, _c, side) => ({
    method: 'POST',
    path: `/api/v1/police-posts/${PLACES[side].post}/webhook/test`,
    success: [200, 422],
  }),
  'POST /api/v1/police-posts/:id/webhook-secret/rotate': async (w) => ({
    method: 'POST',
    path: `/api/v1/police-posts/${await w.byAdmin('/api/v1/police-posts', w.postBody(), 'a post')}/webhook-secret/rotate`,
  }),

  'GET /api/v1/units': async (_w, _c, side) => ({
    method: 'GET',
    path: `/api/v1/units?facilityId=${PLACES[side].facility}`,
    listed: PLACES[side].unit,
  }),
  'GET /api/v1/units/:id': async (_w, _c, side) => ({
    method: 'GET',
    path: `/api/v1/units/${PLACES[side].unit}`,
  }),
  'POST /api/v1/units': async (w, _c, side) => ({
    method: 'POST',
    path: '/api/v1/units',
    body: w.unitBody(side),
  }),
  'PATCH /api/v1/units/:id': async (w, _c, side) => ({
    method: 'PATCH',
    path: `/api/v1/units/${await w.byAdmin('/api/v1/units', w.unitBody(side), 'a unit')}`,
    body: { name: 'Renamed admission' },
  }),
  'DELETE /api/v1/units/:id': async (w, _c, side) => ({
    method: 'DELETE',
    path: `/api/v1/units/${await w.byAdmin('/api/v1/units', w.unitBody(side), 'a unit')}`,
  }),
  'POST /api/v1/units/:id/api-keys': async (_w, _c, side) => ({
    method: 'POST',
    path: `/api/v1/units/${PLACES[side].unit}/api-keys`,
    body: { name: 'gateway' },
  }),
  'GET /api/v1/units/:id/api-keys': async (_w, _c, side) => ({
    method: 'GET',
    path: `/api/v1/units/${PLACES[side].unit}/api-keys`,
  }),
  'DELETE /api/v1/units/:id/api-keys/:keyId': async (w, _c, side) => ({
    method: 'DELETE',
    path: `/api/v1/units/${PLACES[side].unit}/api-keys/${(await w.apiKey(side)).id}`,
  }),

  'GET /api/v1/devices': async (_w, _c, side) => ({
    method: 'GET',
    path: `/api/v1/devices?unitId=${PLACES[side].unit}`,
    listed: PLACES[side].device,
  }),
  'GET /api/v1/devices/:id': async (_w, _c, side) => ({
    method: 'GET',
    path: `/api/v1/devices/${PLACES[side].device}`,
  }),
  'POST /api/v1/devices': async (w, _c, side) => ({
    method: 'POST',
    path: '/api/v1/devices',
    body: w.deviceBody(side),
  }),
  'PATCH /api/v1/devices/:id': async (w, _c, side) => ({
    method: 'PATCH',
    path: `/api/v1/devices/${await w.byAdmin('/api/v1/devices', w.deviceBody(side), 'a device')}`,
    body: { model: 'Recorder 2' },
  }),
  'DELETE /api/v1/devices/:id': async (w, _c, side) => ({
    method: 'DELETE',
    path: `/api/v1/devices/${await w.byAdmin('/api/v1/devices', w.deviceBody(side), 'a device')}`,
  }),

  'GET /api/v1/users': async (w, _c, side) => ({
    method: 'GET',
    path: `/api/v1/users?facilityId=${PLACES[side].facility}&role=staff`,
    listed: w.user[side],
  }),
  'GET /api/v1/users/:id': async (w, _c, side) => ({
    method: 'GET',
    path: `/api/v1/users/${w.user[side]}`,
  }),
  'POST /api/v1/users': async (w, _c, side) => ({
    method: 'POST',
    path: '/api/v1/users',
    body: w.userBody(side),
  }),
  'PATCH /api/v1/users/:id': async (w, _c, side) => ({
    method: 'PATCH',
    path: `/api/v1/users/${(await w.makeUser(side)).id}`,
    body: { fullName: 'Renamed Nurse' },
  }),
  'DELETE /api/v1/users/:id': async (w, _c, side) => ({
    method: 'DELETE',
    path: `/api/v1/users/${(await w.makeUser(side)).id}`,
  }),
};
