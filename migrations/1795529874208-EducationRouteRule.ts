import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Education-route counts (one per onderwijsroute obligation) are REGISTERED counts with their own
 * rule label, so counts and allocation rules accept EDUCATION_ROUTE. TypeORM compares CHECKs by
 * name only, hence written by hand.
 */
export class EducationRouteRule1795529874208 implements MigrationInterface {
  name = 'EducationRouteRule1795529874208';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "counts" DROP CONSTRAINT "CHK_counts_rule"`);
    await q.query(
      `ALTER TABLE "counts" ADD CONSTRAINT "CHK_counts_rule" CHECK ("rule" IS NULL OR ("basis" = 'REGISTERED' AND "rule" IN ('PEILDATUM', 'PRO_RATA_DAYS', 'FIRST_OF_MONTH', 'FIRST_MUNICIPALITY', 'EDUCATION_ROUTE')))`,
    );
    await q.query(`ALTER TABLE "allocation_rules" DROP CONSTRAINT "CHK_allocation_rule_attribution"`);
    await q.query(
      `ALTER TABLE "allocation_rules" ADD CONSTRAINT "CHK_allocation_rule_attribution" CHECK (("basis" = 'REGISTERED') = ("attribution_rule" IS NOT NULL) AND ("attribution_rule" IS NULL OR "attribution_rule" IN ('PEILDATUM', 'PRO_RATA_DAYS', 'FIRST_OF_MONTH', 'FIRST_MUNICIPALITY', 'EDUCATION_ROUTE')))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "allocation_rules" DROP CONSTRAINT "CHK_allocation_rule_attribution"`);
    await q.query(
      `ALTER TABLE "allocation_rules" ADD CONSTRAINT "CHK_allocation_rule_attribution" CHECK (("basis" = 'REGISTERED') = ("attribution_rule" IS NOT NULL) AND ("attribution_rule" IS NULL OR "attribution_rule" IN ('PEILDATUM', 'PRO_RATA_DAYS', 'FIRST_OF_MONTH', 'FIRST_MUNICIPALITY')))`,
    );
    await q.query(`ALTER TABLE "counts" DROP CONSTRAINT "CHK_counts_rule"`);
    await q.query(
      `ALTER TABLE "counts" ADD CONSTRAINT "CHK_counts_rule" CHECK ("rule" IS NULL OR ("basis" = 'REGISTERED' AND "rule" IN ('PEILDATUM', 'PRO_RATA_DAYS', 'FIRST_OF_MONTH', 'FIRST_MUNICIPALITY')))`,
    );
  }
}
