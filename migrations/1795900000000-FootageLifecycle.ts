import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The footage lifecycle: direct multipart uploads (the store's upload id and part size while the
 * device sends parts), background verification, legal hold and retention. Deleted footage keeps
 * its row, so its chain of custody stays readable, with the object gone.
 */
export class FootageLifecycle1795900000000 implements MigrationInterface {
  name = 'FootageLifecycle1795900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE footage
        ADD COLUMN file_name text CHECK (char_length(file_name) <= 255),
        ADD COLUMN upload_id text UNIQUE,
        ADD COLUMN part_size integer CHECK (part_size > 0),
        ADD COLUMN verified_at timestamptz,
        ADD COLUMN rejection_reason text,
        ADD COLUMN retention_from timestamptz,
        ADD COLUMN deleted_at timestamptz`);
    // Footage already stored starts its retention period from when it arrived.
    await q.query(`UPDATE footage SET retention_from = created_at`);
    await q.query(`
      ALTER TABLE footage
        ALTER COLUMN retention_from SET DEFAULT now(),
        ALTER COLUMN retention_from SET NOT NULL,
        DROP CONSTRAINT footage_status_check,
        ADD CONSTRAINT footage_status_check
          CHECK (status IN ('uploading', 'stored', 'verified', 'rejected', 'deleted')),
        ADD CONSTRAINT footage_deleted_at_check CHECK ((status = 'deleted') = (deleted_at IS NOT NULL))`);
    await q.query(`
      CREATE INDEX footage_retention_idx ON footage (retention_from)
        WHERE status IN ('stored', 'verified', 'rejected') AND NOT legal_hold`);
    await q.query(
      `CREATE INDEX footage_uploading_idx ON footage (created_at) WHERE status = 'uploading'`,
    );
    await q.query(
      `CREATE INDEX footage_unverified_idx ON footage (created_at) WHERE status = 'stored'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const [{ n }] = (await q.query(
      `SELECT count(*)::int AS n FROM footage WHERE status = 'deleted'`,
    )) as Array<{ n: number }>;
    if (n > 0)
      throw new Error(
        `Cannot revert: ${n} footage records were deleted under retention and the earlier schema cannot represent them`,
      );
    // Incomplete direct uploads did not exist before; their rows go (their parts expire in the store).
    await q.query(`DELETE FROM footage WHERE status = 'uploading' AND upload_id IS NOT NULL`);
    await q.query(`DROP INDEX footage_unverified_idx`);
    await q.query(`DROP INDEX footage_uploading_idx`);
    await q.query(`DROP INDEX footage_retention_idx`);
    await q.query(`
      ALTER TABLE footage
        DROP CONSTRAINT footage_deleted_at_check,
        DROP CONSTRAINT footage_status_check,
        ADD CONSTRAINT footage_status_check
          CHECK (status IN ('uploading', 'stored', 'verified', 'rejected')),
        DROP COLUMN deleted_at,
        DROP COLUMN retention_from,
        DROP COLUMN rejection_reason,
        DROP COLUMN verified_at,
        DROP COLUMN part_size,
        DROP COLUMN upload_id,
        DROP COLUMN file_name`);
  }
}
