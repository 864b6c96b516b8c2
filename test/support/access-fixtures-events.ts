import { Fixture } from './access-matrix';
import { bearer } from './test-app';

/** The cells' requests for events: fresh reports of the row's side, so no cell sees another's event. */
export const EVENT_FIXTURES: Record<string, Fixture> = {
  'GET /api/v1/incidents/:id/related': async (w, _c, side) => ({
    method: 'GET',
    path: `/api/v1/incidents/${w.incident[side].id}/related`,
  }),
  'POST /api/v1/incidents/:id/event': async (w, _c, side) => {
    const [a, b] = [await w.file(side), await w.file(side)];
    return {
      method: 'POST',
      path: `/api/v1/incidents/${a.id}/event`,
      body: { incidentId: b.id, reason: 'The same attack' },
      success: [200],
    };
  },
  'DELETE /api/v1/incidents/:id/event': async (w, _c, side) => {
    const [a, b] = [await w.file(side), await w.file(side)];
    const joined = await w.t
      .http()
      .post(`/api/v1/incidents/${a.id}/event`)
      .set(bearer(w.admin))
      .send({ incidentId: b.id });
    if (joined.status !== 200) throw new Error(`joining failed: ${joined.status}`);
    return { method: 'DELETE', path: `/api/v1/incidents/${a.id}/event`, success: [204] };
  },
};
