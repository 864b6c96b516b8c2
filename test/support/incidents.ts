import { DEMO_IDS } from '../../seeds/demo';
import { seedId } from '../../seeds/seed-ids';
import { bearer, TestApp } from './test-app';

export const CENTRAL = DEMO_IDS.centralHospital;
export const CENTRAL_ADMISSION = seedId('unit:almaty:cgkb:admission');
export const OTHER_ADMISSION = seedId('unit:almaty:gkb:1:admission');
export const SUBSTATION_1 = DEMO_IDS.substation1;

export const hoursAgo = (h: number) =>
  new Date(Date.now() - h * 3600_000).toISOString().replace('Z', '+00:00');

/** A valid report body from the nurse of the Central City Clinical Hospital; override what the test is about. */
export function report(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    occurredAt: hoursAgo(1),
    facilityId: CENTRAL,
    unitId: CENTRAL_ADMISSION,
    place: { kind: 'admission_department' },
    kind: 'physical_assault',
    duringStateOfEmergency: false,
    victims: [{ role: 'nurse', injury: 'minor', fullName: 'Aigerim Seitkali' }],
    perpetrators: { type: 'relative', count: 1, description: 'a patient relative, intoxicated' },
    narrative: 'A relative of a patient struck the nurse at the reception desk.',
    ...over,
  };
}

/** Files a report through the API as the demo nurse; anything but 201 fails the test. */
export async function fileIncident(
  t: TestApp,
  over: Record<string, unknown> = {},
): Promise<{ id: string; reference: string }> {
  const res = await t
    .http()
    .post('/api/v1/incidents')
    .set(bearer(await t.login('nurse@demo.medguard.kz')))
    .send(report(over));
  if (res.status !== 201)
    throw new Error(`filing failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; reference: string };
}
