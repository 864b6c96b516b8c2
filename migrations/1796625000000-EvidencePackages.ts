import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evidence packages: one ZIP per package in the bucket, with the footage it holds (in order) and
 * the links that hand it to someone without an account (stored as the SHA-256 of their token).
 * Opening a link is a custody event of every file in the package whose actor is the link itself,
 * so the custody chain's actor types gain `share_link`.
 */
export class EvidencePackages1796625000000 implements MigrationInterface {
  name = 'EvidencePackages1796625000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evidence_packages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL REFERENCES incidents(id),
        language text NOT NULL CHECK (language IN ('kk', 'ru', 'en')),
        status text NOT NULL DEFAULT 'building' CHECK (status IN ('building', 'ready', 'failed')),
        object_key text NOT NULL UNIQUE,
        sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size bigint CHECK (size >= 0),
        failure text,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL,
        ready_at timestamptz,
        CHECK (status <> 'ready' OR (sha256 IS NOT NULL AND size IS NOT NULL AND ready_at IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX evidence_packages_incident_idx ON evidence_packages (incident_id, created_at)`,
    );
    await q.query(`
      CREATE TABLE evidence_package_files (
        package_id uuid NOT NULL REFERENCES evidence_packages(id) ON DELETE CASCADE,
        footage_id uuid NOT NULL REFERENCES footage(id),
        position smallint NOT NULL CHECK (position >= 0),
        PRIMARY KEY (package_id, footage_id),
        UNIQUE (package_id, position)
      )`);
    await q.query(
      `CREATE INDEX evidence_package_files_footage_idx ON evidence_package_files (footage_id)`,
    );
    await q.query(`
      CREATE TABLE evidence_share_links (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        package_id uuid NOT NULL REFERENCES evidence_packages(id) ON DELETE CASCADE,
        token_hash bytea NOT NULL UNIQUE,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_by uuid REFERENCES users(id) ON DELETE SET NULL
      )`);
    await q.query(
      `CREATE INDEX evidence_share_links_package_idx ON evidence_share_links (package_id)`,
    );
    await q.query(`
      ALTER TABLE footage_custody
        DROP CONSTRAINT footage_custody_actor_type_check,
        ADD CONSTRAINT footage_custody_actor_type_check
          CHECK (actor_type IN ('user', 'device', 'system', 'share_link'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    const [{ n }] = (await q.query(
      `SELECT count(*)::int AS n FROM footage_custody WHERE actor_type = 'share_link'`,
    )) as Array<{ n: number }>;
    if (n > 0)
      throw new Error(
        `Cannot revert: ${n} custody entries record a share link's use, which the append-only chain keeps and the earlier schema cannot represent`,
      );
    await q.query(`
      ALTER TABLE footage_custody
        DROP CONSTRAINT footage_custody_actor_type_check,
        ADD CONSTRAINT footage_custody_actor_type_check
          CHECK (actor_type IN ('user', 'device', 'system'))`);
    await q.query(`DROP TABLE evidence_share_links`);
    await q.query(`DROP TABLE evidence_package_files`);
    await q.query(`DROP TABLE evidence_packages`);
  }
}
