import { regionId } from '../../seeds/reference';
import { Fixture } from './access-matrix';
import { PLACES } from './access-world';
import { hoursAgo } from './incidents';
import { mp4 } from './media';
import { bearer } from './test-app';

/** A month that has closed whatever the day: the statistics and open data accept it. */
const CLOSED_MONTH = new Date(Date.now() - 40 * 86400_000).toISOString().slice(0, 7);
const SHARED_WINDOW = `from=${encodeURIComponent(hoursAgo(73))}&to=${encodeURIComponent(hoursAgo(71))}`;

/** The cells' requests for reports, footage, alerts, statistics and the pages. */
export const CASE_FIXTURES: Record<string, Fixture> = {
  'GET /api/v1/classification/rule-sets': async () => ({
    method: 'GET',
    path: '/api/v1/classification/rule-sets',
  }),
  'GET /api/v1/classification/rule-sets/current': async () => ({
    method: 'GET',
    path: '/api/v1/classification/rule-sets/current',
  }),
  /** The rules in force again, effective long after this run, so no report here is classified by it. */
  'POST /api/v1/classification/rule-sets': async (w) => {
    const current = (
      await w.t.http().get('/api/v1/classification/rule-sets/current').set(bearer(w.admin))
    ).body;
    return {
      method: 'POST',
      path: '/api/v1/classification/rule-sets',
      body: {
        effectiveFrom: '2099-01-01T00:00:00+05:00',
        categories: current.categories,
        medicalWorkerRoles: current.medicalWorkerRoles,
        rules: current.rules,
        fallbackCategory: current.fallbackCategory,
      },
    };
  },
  'POST /api/v1/classification/rule-sets/preview': async (w) => {
    const current = (
      await w.t.http().get('/api/v1/classification/rule-sets/current').set(bearer(w.admin))
    ).body;
    const { categories, medicalWorkerRoles, rules, fallbackCategory } = current;
    return {
      method: 'POST',
      path: '/api/v1/classification/rule-sets/preview',
      body: {
        ruleSet: {
          effectiveFrom: '2099-01-01T00:00:00+05:00',
          ...{ categories, medicalWorkerRoles, rules, fallbackCategory },
        },
      },
      success: [200],
    };
  },
  'GET /api/v1/emergencies': async () => ({ method: 'GET', path: '/api/v1/emergencies' }),
  'POST /api/v1/emergencies': async () => ({
    method: 'POST',
    path: '/api/v1/emergencies',
    body: {
      regionId: regionId('KZ-35'),
      from: hoursAgo(24 * 300),
      to: hoursAgo(24 * 299),
      description: 'Flood regime',
    },
  }),

  'PATCH /api/v1/emergencies/:id': async (w) => {
    // Far ahead, so no report of the matrix falls inside it.
    const from = Date.now() + 300 * 24 * 3600_000;
    const made = await w.t
      .http()
      .post('/api/v1/emergencies')
      .set(bearer(w.admin))
      .send({
        regionId: regionId('KZ-35'),
        from: new Date(from).toISOString(),
        to: new Date(from + 24 * 3600_000).toISOString(),
        description: 'Flood regime',
      });
    if (made.status !== 201)
      throw new Error(`recording a state of emergency failed: ${made.status}`);
    return {
      method: 'PATCH',
      path: `/api/v1/emergencies/${made.body.id}`,
      body: { to: new Date(from + 3600_000).toISOString() },
    };
  },

  'POST /api/v1/incidents': async (w, _c, side) => ({
    method: 'POST',
    path: '/api/v1/incidents',
    body: w.reportBody(side),
  }),
  'POST /api/v1/incidents/classification': async (w, _c, side) => ({
    method: 'POST',
    path: '/api/v1/incidents/classification',
    body: w.reportBody(side),
  }),
  'GET /api/v1/incidents': async (w, _c, side) => ({
    method: 'GET',
    path: `/api/v1/incidents?${SHARED_WINDOW}`,
    listed: w.incident[side].id,
  }),
  'GET /api/v1/incidents/:id': async (w, _c, side) => ({
    method: 'GET',
    path: `/api/v1/incidents/${w.incident[side].id}`,
  }),
  'PATCH /api/v1/incidents/:id/status': async (w, _c, side) => ({
    method: 'PATCH',
    path: `/api/v1/incidents/${(await w.file(side)).id}/status`,
    body: { status: 'acknowledged', note: 'On our way' },
  }),
  'POST /api/v1/incidents/:id/addenda': async (w, _c, side) => ({
    method: 'POST',
    path: `/api/v1/incidents/${w.incident[side].id}/addenda`,
    body: { text: 'The relative came back an hour later' },
  }),
  'POST /api/v1/incidents/:id/reclassify': async (w, _c, side) => ({
    method: 'POST',
    path: `/api/v1/incidents/${(await w.file(side)).id}/reclassify`,
    body: { category: 'threat', reason: 'No blow was struck' },
  }),

  'POST /api/v1/footage': async (w, caller, side) => ({
    method: 'POST',
    path: '/api/v1/footage',
    form: {
      fields: {
        incidentId: w.incident[side].id,
        ...(caller === 'device'
          ? { deviceId: PLACES.own.device, recordedFrom: hoursAgo(2), recordedTo: hoursAgo(1) }
          : {}),
      },
      file: mp4(2048),
      name: 'clip.mp4',
    },
  }),
  'POST /api/v1/footage/uploads': async (w, _c, side) => ({
    method: 'POST',
    path: '/api/v1/footage/uploads',
    body: w.directUploadBody(side),
  }),
  'POST /api/v1/footage/uploads/:uploadId/complete': async (w, _c, side) => {
    const { uploadId, etag } = await w.directUpload(side);
    return {
      method: 'POST',
      path: `/api/v1/footage/uploads/${uploadId}/complete`,
      body: { parts: [{ partNumber: 1, etag }] },
    };
  },
  'DELETE /api/v1/footage/uploads/:uploadId': async (w, _c, side) => ({
    method: 'DELETE',
    path: `/api/v1/footage/uploads/${(await w.directUpload(side)).uploadId}`,
  }),
  'GET /api/v1/footage/:id': async (w, _c, side) => ({
    method: 'GET',
    path: `/api/v1/footage/${w.footage[side]}`,
  }),
  'GET /api/v1/footage/:id/content': async (w, _c, side) => ({
    method: 'GET',
    path: `/api/v1/footage/${w.footage[side]}/content`,
    success: [302],
  }),
  'GET /api/v1/footage/:id/custody': async (w, _c, side) => ({
    method: 'GET',
    path: `/api/v1/footage/${w.footage[side]}/custody`,
  }),
  'POST /api/v1/footage/:id/recheck': async (w, _c, side) => ({
    method: 'POST',
    path: `/api/v1/footage/${w.footage[side]}/recheck`,
  }),
  'PUT /api/v1/footage/:id/legal-hold': async (w, _c, side) => ({
    method: 'PUT',
    path: `/api/v1/footage/${await w.upload(side, w.incident[side].id)}/legal-hold`,
    body: { legalHold: true, reason: 'Requested by the investigator' },
  }),
  'POST /api/v1/incidents/:id/footage': async (w, _c, side) => ({
    method: 'POST',
    path: `/api/v1/incidents/${w.incident[side].id}/footage`,
    body: { footageId: await w.upload(side) },
  }),
  'GET /api/v1/incidents/:id/footage': async (w, _c, side) => ({
    method: 'GET',
    path: `/api/v1/incidents/${w.incident[side].id}/footage`,
  }),
  'GET /api/v1/incidents/:id/footage/suggestions': async (w, _c, side) => ({
    method: 'GET',
    path: `/api/v1/incidents/${w.incident[side].id}/footage/suggestions`,
  }),
  'DELETE /api/v1/incidents/:id/footage/:footageId': async (w, _c, side) => {
    const incidentId = w.incident[side].id;
    return {
      method: 'DELETE',
      path: `/api/v1/incidents/${incidentId}/footage/${await w.upload(side, incidentId)}`,
    };
  },

  'GET /api/v1/alerts': async (w, _c, side) => ({
    method: 'GET',
    path: '/api/v1/alerts',
    listed: w.alert[side],
  }),
  'GET /api/v1/alerts/stream': async () => ({
    method: 'GET',
    path: '/api/v1/alerts/stream',
    stream: true,
  }),
  'POST /api/v1/alerts/:id/ack': async (w, _c, side) => ({
    method: 'POST',
    path: `/api/v1/alerts/${w.alertOf(await w.file(side), side)}/ack`,
  }),

  'POST /api/v1/sos': async (w, _c, side) => ({
    method: 'POST',
    path: '/api/v1/sos',
    body: w.sosBody(side),
  }),
  'GET /api/v1/sos': async (w, _c, side) => ({
    method: 'GET',
    path: '/api/v1/sos',
    listed: await w.sos(side),
  }),
  'POST /api/v1/sos/:id/close': async (w, _c, side) => ({
    method: 'POST',
    path: `/api/v1/sos/${await w.sos(side, true)}/close`,
    body: { reason: 'Handled on the spot' },
  }),

  'GET /api/v1/stats/monthly': async () => ({
    method: 'GET',
    path: `/api/v1/stats/monthly?month=${CLOSED_MONTH}&groupBy=region`,
  }),
  'GET /api/v1/stats/monthly.csv': async () => ({
    method: 'GET',
    path: `/api/v1/stats/monthly.csv?month=${CLOSED_MONTH}`,
  }),
  'GET /api/v1/stats/monthly.xlsx': async () => ({
    method: 'GET',
    path: `/api/v1/stats/monthly.xlsx?month=${CLOSED_MONTH}`,
  }),
  'GET /api/v1/stats/trend': async () => ({
    method: 'GET',
    path: `/api/v1/stats/trend?from=${CLOSED_MONTH}&to=${CLOSED_MONTH}`,
  }),
  'GET /api/v1/stats/response-times': async () => ({
    method: 'GET',
    path: `/api/v1/stats/response-times?month=${CLOSED_MONTH}`,
  }),
  'GET /api/v1/stats/coverage': async () => ({ method: 'GET', path: '/api/v1/stats/coverage' }),
  'GET /api/v1/stats/open-data.csv': async () => ({
    method: 'GET',
    path: `/api/v1/stats/open-data.csv?month=${CLOSED_MONTH}`,
  }),

  'GET /': async () => ({ method: 'GET', path: '/', via: 'page', success: [200, 302] }),
  'POST /web/session': async (w, caller) => ({
    method: 'POST',
    path: '/web/session',
    body: w.credentials(caller),
  }),
  'POST /web/session/end': async (w, caller) => ({
    method: 'POST',
    path: '/web/session/end',
    via: 'page',
    identity: await w.signIn(caller),
  }),
  'GET /lang/:locale': async () => ({
    method: 'GET',
    path: '/lang/ru?next=/',
    via: 'page',
    success: [302],
  }),
  'GET /a/:code': async () => ({
    method: 'GET',
    path: '/a/5JALS2hQFrk6bNlnxvakda',
    via: 'page',
    success: [302],
  }),
  'GET /report': async () => ({ method: 'GET', path: '/report', via: 'page', success: [200] }),
  'GET /police': async () => ({ method: 'GET', path: '/police', via: 'page', success: [200] }),
  'GET /ministry': async () => ({ method: 'GET', path: '/ministry', via: 'page', success: [200] }),
  'GET /admin/queues': async () => ({ method: 'GET', path: '/admin/queues', success: [200] }),
  ...Object.fromEntries(
    ['/admin', '/admin/posts', '/admin/users', '/admin/rule-sets', '/admin/emergencies'].map(
      (path): [string, Fixture] => [
        `GET ${path}`,
        async () => ({ method: 'GET', path, via: 'page', success: [200] }),
      ],
    ),
  ),
  'GET /health': async () => ({ method: 'GET', path: '/health' }),
  'GET /health/ready': async () => ({ method: 'GET', path: '/health/ready' }),
  'GET /metrics': async () => ({ method: 'GET', path: '/metrics' }),
};
