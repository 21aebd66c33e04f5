import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AllocationIntegrity1795531609145 implements MigrationInterface {
  name = 'AllocationIntegrity1795531609145';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "allocation_runs" ADD CONSTRAINT "FK_allocation_run_rule" FOREIGN KEY ("rule_version_id") REFERENCES "allocation_rules"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "allocation_runs" ADD CONSTRAINT "FK_allocation_run_replaces" FOREIGN KEY ("replaces_run_id") REFERENCES "allocation_runs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "allocation_lines" ADD CONSTRAINT "FK_allocation_line_run" FOREIGN KEY ("run_id") REFERENCES "allocation_runs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "counts" ADD CONSTRAINT "FK_counts_batch" FOREIGN KEY ("batch_id") REFERENCES "count_batches"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "scheme_base_amounts" ADD CONSTRAINT "FK_base_amount_scheme" FOREIGN KEY ("scheme_id") REFERENCES "funding_schemes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "scheme_base_amounts" DROP CONSTRAINT "FK_base_amount_scheme"`);
    await q.query(`ALTER TABLE "counts" DROP CONSTRAINT "FK_counts_batch"`);
    await q.query(`ALTER TABLE "allocation_lines" DROP CONSTRAINT "FK_allocation_line_run"`);
    await q.query(`ALTER TABLE "allocation_runs" DROP CONSTRAINT "FK_allocation_run_replaces"`);
    await q.query(`ALTER TABLE "allocation_runs" DROP CONSTRAINT "FK_allocation_run_rule"`);
  }
}
