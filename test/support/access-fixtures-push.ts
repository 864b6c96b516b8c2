import { Fixture } from './access-matrix';
import { AccessWorld } from './access-world';
import { BrowserSubscription } from './push';

/** An endpoint on loopback where nothing listens: a push to it is refused at once, never sent out. */
const nowhere = () =>
  new BrowserSubscription(`http://127.0.0.1:9/push/${Math.random().toString(36).slice(2)}`);

async function subscribed(w: AccessWorld, headers: Record<string, string>): Promise<string> {
  const res = await w.t
    .http()
    .post('/api/v1/push-subscriptions')
    .set(headers)
    .send(nowhere().toJSON());
  if (res.status !== 201) throw new Error(`subscribing failed: ${res.status}`);
  return res.body.id as string;
}

/** The cells' requests for the alert channels. */
export const PUSH_FIXTURES: Record<string, Fixture> = {
  'GET /api/v1/push/public-key': async () => ({ method: 'GET', path: '/api/v1/push/public-key' }),
  'POST /api/v1/push-subscriptions': async () => ({
    method: 'POST',
    path: '/api/v1/push-subscriptions',
    body: nowhere().toJSON(),
  }),
  /** Another user's subscription: the admin's, or the nurse's when the admin is calling. */
  'DELETE /api/v1/push-subscriptions/:id': async (w, caller, side) => {
    const owner =
      side === 'own' && w.as[caller] && !['anonymous', 'device'].includes(caller)
        ? w.as[caller].api
        : w.as[caller === 'admin' ? 'staff' : 'admin'].api;
    return { method: 'DELETE', path: `/api/v1/push-subscriptions/${await subscribed(w, owner)}` };
  },
};
