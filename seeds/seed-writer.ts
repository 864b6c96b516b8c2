import { EntityManager } from 'typeorm';

/**
 * Inserts rows in batches with `ON CONFLICT DO NOTHING`: seeds are re-runnable and never
 * overwrite what an operator has since changed. Returns how many rows were new.
 */
export async function insertIgnoring(
  m: EntityManager,
  table: string,
  rows: Array<Record<string, unknown>>,
  batchSize = 1000,
): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = Object.keys(rows[0]);
  let inserted = 0;
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const params: unknown[] = [];
    const tuples = batch.map((row) => {
      const slots = columns.map((column) => {
        params.push(row[column]);
        return `$${params.length}`;
      });
      return `(${slots.join(', ')})`;
    });
    const result = (await m.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING RETURNING 1`,
      params,
    )) as unknown[];
    inserted += result.length;
  }
  return inserted;
}
