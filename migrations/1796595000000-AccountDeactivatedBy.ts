import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who deactivated an account, so that undoing it stays with those who may: a facility admin
 * brings back an account a facility admin deactivated, while one an admin deactivated is the
 * admin's to bring back. Accounts deactivated before this column existed name no one.
 */
export class AccountDeactivatedBy1796595000000 implements MigrationInterface {
  name = 'AccountDeactivatedBy1796595000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE users ADD COLUMN deactivated_by uuid REFERENCES users(id) ON DELETE SET NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN deactivated_by`);
  }
}
