import { RouteAccess, SIGNED_IN } from './access-roles';

/** Alerts, SOS and the alert channels: who may call them, and on whose rows. */
export const ALERTING_ROWS: RouteAccess[] = [
  // Alerts
  { route: 'GET /api/v1/alerts', allow: { police: 'post', admin: 'any' }, rows: 'omitted' },
  {
    route: 'GET /api/v1/alerts/stream',
    allow: { police: 'post' },
    noRows: true,
    note: "the events of the officer's own post",
  },
  {
    route: 'POST /api/v1/alerts/:id/ack',
    allow: { police: 'post' },
    note: "another post's alert is 404",
  },

  // SOS
  {
    route: 'POST /api/v1/sos',
    allow: { staff: 'facility', facility_admin: 'facility' },
    rows: 403,
    note: 'an SOS from another facility is 403 naming facilityId, as filing a report',
  },
  {
    route: 'GET /api/v1/sos',
    allow: { staff: 'own', facility_admin: 'facility', admin: 'any' },
    rows: 'omitted',
    note: 'not in api.md: the open SOS without a report, for the facility admin',
  },
  {
    route: 'POST /api/v1/sos/:id/close',
    allow: { facility_admin: 'facility', admin: 'any' },
    note: 'not in api.md: closing an SOS no report will follow, with a reason',
  },

  // Alert channels
  { route: 'GET /api/v1/push/public-key', allow: SIGNED_IN },
  { route: 'POST /api/v1/push-subscriptions', allow: SIGNED_IN },
  {
    route: 'DELETE /api/v1/push-subscriptions/:id',
    allow: { staff: 'own', facility_admin: 'own', police: 'own', ministry: 'own', admin: 'own' },
    note: "the subscriber only; another user's subscription is 404, an admin's included",
  },
];
