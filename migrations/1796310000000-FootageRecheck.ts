import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Periodic re-hashing of stored footage: when each object was last checked against its SHA-256,
 * when a person asked for a check not yet made, and the `integrity_failed` status for an object
 * that no longer matches or is gone. Footage already stored counts as checked when it was
 * verified (or rejected), so the first checks follow the order it arrived in.
 */
export class FootageRecheck1796310000000 implements MigrationInterface {
  name = 'FootageRecheck1796310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE footage
        ADD COLUMN last_checked_at timestamptz,
        ADD COLUMN recheck_requested_at timestamptz`);
    await q.query(`
      UPDATE footage SET last_checked_at = COALESCE(verified_at, updated_at)
       WHERE status IN ('verified', 'rejected')`);
    await q.query(`
      ALTER TABLE footage
        DROP CONSTRAINT footage_status_check,
        ADD CONSTRAINT footage_status_check CHECK (status IN
          ('uploading', 'stored', 'verified', 'rejected', 'integrity_failed', 'deleted'))`);
    await q.query(`
      CREATE INDEX footage_recheck_idx ON footage (last_checked_at)
        WHERE status IN ('verified', 'rejected') AND sha256 IS NOT NULL`);
    await q.query(`
      CREATE INDEX footage_recheck_requested_idx ON footage (recheck_requested_at)
        WHERE recheck_requested_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    const [{ n }] = (await q.query(
      `SELECT count(*)::int AS n FROM footage WHERE status = 'integrity_failed'`,
    )) as Array<{ n: number }>;
    if (n > 0)
      throw new Error(
        `Cannot revert: ${n} footage records failed their integrity check and the earlier schema cannot represent them`,
      );
    await q.query(`DROP INDEX footage_recheck_requested_idx`);
    await q.query(`DROP INDEX footage_recheck_idx`);
    await q.query(`
      ALTER TABLE footage
        DROP CONSTRAINT footage_status_check,
        ADD CONSTRAINT footage_status_check
          CHECK (status IN ('uploading', 'stored', 'verified', 'rejected', 'deleted')),
        DROP COLUMN recheck_requested_at,
        DROP COLUMN last_checked_at`);
  }
}
