import { bearer, TestApp } from './test-app';

/*
 * Joins and leaves of events as an operator makes them, through the API: the events service sets
 * the reports' `event_id`, the flags statistics count by (`counts_event`, `counted`) and the
 * categories the event decides, in one transaction per call.
 */

const ADMIN = 'admin@demo.medguard.kz';
const tokens = new WeakMap<TestApp, Promise<string>>();

function adminOf(t: TestApp): Promise<string> {
  if (!tokens.has(t)) tokens.set(t, t.login(ADMIN));
  return tokens.get(t)!;
}

/** Joins report `b` (and its event, if any) with report `a` (and its event), creating one if needed. */
export async function joinEvent(t: TestApp, a: string, b: string): Promise<string> {
  const res = await t
    .http()
    .post(`/api/v1/incidents/${a}/event`)
    .set(bearer(await adminOf(t)))
    .send({ incidentId: b });
  if (res.status !== 200) throw new Error(`join answered ${res.status}: ${res.text}`);
  return res.body.eventId as string;
}

/** Takes a report out of its event: it counts on its own again, and the rest are recounted. */
export async function leaveEvent(t: TestApp, id: string): Promise<void> {
  const res = await t
    .http()
    .delete(`/api/v1/incidents/${id}/event`)
    .set(bearer(await adminOf(t)));
  if (res.status !== 204) throw new Error(`leave answered ${res.status}: ${res.text}`);
}
