import { EntityManager } from 'typeorm';
import { REGIONS } from './regions';
import { seedId } from './seed-ids';
import { insertIgnoring } from './seed-writer';

export const regionId = (code: string) => seedId(`region:${code}`);

/** Real reference data every deployment needs: the regions. */
export async function seedReference(m: EntityManager): Promise<{ regions: number }> {
  const regions = await insertIgnoring(
    m,
    'regions',
    REGIONS.map((r) => ({
      id: regionId(r.code),
      code: r.code,
      kind: r.kind,
      name_en: r.nameEn,
      name_ru: r.nameRu,
      name_kk: r.nameKk,
    })),
  );
  return { regions };
}
