import { DataSource } from 'typeorm';
import { seedNational } from '../../seeds/national';
import { seedReference } from '../../seeds/reference';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { Dock } from './shift-end';

type DockPlace = Omit<Dock, 'apiKey'>;

/**
 * Seeds the national directory with `teams` ambulance teams (a body camera each) and
 * `recorders` admission departments (a recorder each) into the database at `url`; its devices.
 */
export async function seedDocks(
  url: string,
  teams: number,
  recorders: number,
): Promise<DockPlace[]> {
  const dataSource = await new DataSource(dataSourceOptions(url, 2)).initialize();
  try {
    await dataSource.transaction(async (m) => {
      await seedReference(m);
      await seedNational(m, { teams, admissionDepartments: recorders });
    });
    const rows = (await dataSource.query(
      `SELECT id, unit_id, kind, serial_number FROM devices
       WHERE serial_number LIKE 'SYN-%' ORDER BY serial_number`,
    )) as Array<{ id: string; unit_id: string; kind: string; serial_number: string }>;
    if (rows.length !== teams + recorders)
      throw new Error(`expected ${teams + recorders} synthetic devices, found ${rows.length}`);
    return rows.map((r) => ({
      deviceId: r.id,
      unitId: r.unit_id,
      kind: r.kind,
      serialNumber: r.serial_number,
    }));
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Issues each dock's gateway key as an administrator does, `POST /api/v1/units/:id/api-keys`
 * (the secret is in that answer only; the database keeps its hash), `parallel` at a time.
 */
export async function issueKeys(
  port: number,
  adminToken: string,
  places: DockPlace[],
  parallel = 8,
): Promise<Dock[]> {
  const docks: Dock[] = new Array<Dock>(places.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, places.length) }, async () => {
      for (let i = next++; i < places.length; i = next++) {
        const place = places[i];
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/units/${place.unitId}/api-keys`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
          body: JSON.stringify({ name: `${place.serialNumber} dock` }),
        });
        const body = (await res.json()) as { key?: string };
        if (res.status !== 201 || !body.key)
          throw new Error(`issuing the key of unit ${place.unitId} answered ${res.status}`);
        docks[i] = { ...place, apiKey: body.key };
      }
    }),
  );
  return docks;
}
