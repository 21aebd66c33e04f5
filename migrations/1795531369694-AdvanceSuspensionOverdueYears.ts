import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AdvanceSuspensionOverdueYears1795531369694 implements MigrationInterface {
  name = 'AdvanceSuspensionOverdueYears1795531369694';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "advance_suspensions" ADD "overdue_years" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "advance_suspensions" DROP COLUMN "overdue_years"`);
  }
}
