import { Fixture } from './access-matrix';
import { AccessWorld, PLACES, Side } from './access-world';
import { bearer } from './test-app';

let windows = 0;

/** A window no other cell asks for, so every cell's request is a new one. */
function freshWindow(): { from: string; to: string } {
  const start = Date.now() - (48 + ++windows) * 3600_000;
  return {
    from: new Date(start).toISOString(),
    to: new Date(start + 30 * 60_000).toISOString(),
  };
}

/** A footage request of the side's recorder: of a new report when the cell declines it, else of the shared one. */
async function requestOf(w: AccessWorld, side: Side, fresh: boolean): Promise<string> {
  const incidentId = fresh ? (await w.file(side)).id : w.incident[side].id;
  const res = await w.t
    .http()
    .get(`/api/v1/incidents/${incidentId}/footage-requests`)
    .set(bearer(w.admin));
  const request = (res.body as Array<{ id: string; device: { id: string } }>).find(
    (r) => r.device.id === PLACES[side].device,
  );
  if (!request) throw new Error(`no footage request of the ${side} recorder: ${res.status}`);
  return request.id;
}

/** The cells' requests for footage requests. */
export const REQUEST_FIXTURES: Record<string, Fixture> = {
  'GET /api/v1/footage-requests': async () => ({
    method: 'GET',
    path: '/api/v1/footage-requests?status=open',
  }),
  'POST /api/v1/footage-requests/:id/decline': async (w, caller, side) => ({
    method: 'POST',
    path: `/api/v1/footage-requests/${await requestOf(w, side, caller === 'device' && side === 'own')}/decline`,
    body: { reason: 'not_recorded' },
  }),
  'POST /api/v1/incidents/:id/footage-requests': async (w, _c, side) => ({
    method: 'POST',
    path: `/api/v1/incidents/${w.incident[side].id}/footage-requests`,
    body: { deviceId: PLACES[side].device, ...freshWindow() },
    success: [201],
  }),
  'GET /api/v1/incidents/:id/footage-requests': async (w, _c, side) => ({
    method: 'GET',
    path: `/api/v1/incidents/${w.incident[side].id}/footage-requests`,
  }),
};
