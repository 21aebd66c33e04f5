import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attributed counts keep the integer units and the divisor they were rounded from, so a yearly
 * count that adds several rows (the routes of a category in a scheme without routes) is rounded
 * once from the summed units (DOMAIN "Counting people", decision 1600). Counts delivered as
 * figures leave both null.
 */
export class CountUnits1796700000000 implements MigrationInterface {
  name = 'CountUnits1796700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "counts" ADD "units" bigint`);
    await q.query(`ALTER TABLE "counts" ADD "divisor" integer`);
    await q.query(
      `ALTER TABLE "counts" ADD CONSTRAINT "CHK_counts_units" CHECK (("units" IS NULL AND "divisor" IS NULL) OR ("units" >= 0 AND "divisor" > 0))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "counts" DROP CONSTRAINT "CHK_counts_units"`);
    await q.query(`ALTER TABLE "counts" DROP COLUMN "divisor"`);
    await q.query(`ALTER TABLE "counts" DROP COLUMN "units"`);
  }
}
