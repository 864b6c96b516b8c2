import { Fixture } from './access-matrix';
import { eventually } from './alert-stack';
import { AccessWorld, Side } from './access-world';
import { bearer } from './test-app';

/** Ready packages of each side's shared report, made by the admin: one for the routes, one for its link. */
const made = new WeakMap<AccessWorld, Map<string, Promise<string>>>();

function readyPackage(w: AccessWorld, side: Side, purpose: 'routes' | 'link'): Promise<string> {
  const mine = made.get(w) ?? new Map<string, Promise<string>>();
  made.set(w, mine);
  const key = `${side}:${purpose}`;
  if (!mine.has(key))
    mine.set(
      key,
      (async () => {
        const res = await w.t
          .http()
          .post(`/api/v1/incidents/${w.incident[side].id}/evidence-packages`)
          .set(bearer(w.admin))
          .send({ footageIds: [w.footage[side]], language: 'ru' });
        if (res.status !== 202) throw new Error(`package not requested: ${res.status}`);
        const status = await eventually(
          async () =>
            (await w.t.http().get(`/api/v1/evidence-packages/${res.body.id}`).set(bearer(w.admin)))
              .body.status as string,
          (s) => s !== 'building',
          30_000,
        );
        if (status !== 'ready') throw new Error(`package ${status}`);
        return res.body.id as string;
      })(),
    );
  return mine.get(key)!;
}

/** A live link to the own side's package, which no cell revokes. */
async function shareLink(w: AccessWorld): Promise<string> {
  const id = await readyPackage(w, 'own', 'link');
  const res = await w.t
    .http()
    .post(`/api/v1/evidence-packages/${id}/share`)
    .set(bearer(w.admin))
    .send({ expiresInHours: 1 });
  return new URL(res.body.url as string).pathname;
}

/** The cells' requests for evidence packages and their share links. */
export const EVIDENCE_FIXTURES: Record<string, Fixture> = {
  'POST /api/v1/incidents/:id/evidence-packages': async (w, _c, side) => ({
    method: 'POST',
    path: `/api/v1/incidents/${w.incident[side].id}/evidence-packages`,
    body: { footageIds: [w.footage[side]], language: 'kk' },
    success: [202],
  }),
  'GET /api/v1/evidence-packages/public-key': async () => ({
    method: 'GET',
    path: '/api/v1/evidence-packages/public-key',
  }),
  'GET /api/v1/evidence-packages/:id': async (w, _c, side) => ({
    method: 'GET',
    path: `/api/v1/evidence-packages/${await readyPackage(w, side, 'routes')}`,
  }),
  'GET /api/v1/evidence-packages/:id/content': async (w, _c, side) => ({
    method: 'GET',
    path: `/api/v1/evidence-packages/${await readyPackage(w, side, 'routes')}/content`,
    success: [302],
  }),
  'POST /api/v1/evidence-packages/:id/share': async (w, _c, side) => ({
    method: 'POST',
    path: `/api/v1/evidence-packages/${await readyPackage(w, side, 'routes')}/share`,
    body: { expiresInHours: 1 },
  }),
  'DELETE /api/v1/evidence-packages/:id/share': async (w, _c, side) => ({
    method: 'DELETE',
    path: `/api/v1/evidence-packages/${await readyPackage(w, side, 'routes')}/share`,
  }),
  'GET /share/evidence/:token': async (w) => ({
    method: 'GET',
    path: await shareLink(w),
    success: [302],
  }),
};
