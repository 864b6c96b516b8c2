import { DEMO_IDS } from '../../seeds/demo';
import { seedId } from '../../seeds/seed-ids';

/** A report of an assault on a nurse in the Central City Clinical Hospital's admission department. */
export const benchReport = (narrative: string) => ({
  occurredAt: new Date(Date.now() - 60_000).toISOString(),
  facilityId: DEMO_IDS.centralHospital,
  unitId: seedId('unit:almaty:cgkb:admission'),
  place: { kind: 'admission_department' },
  kind: 'physical_assault',
  duringStateOfEmergency: false,
  victims: [{ role: 'nurse', injury: 'minor' }],
  perpetrators: { type: 'patient', count: 1 },
  narrative,
});
