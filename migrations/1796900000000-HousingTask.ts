import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The half-year housing task distributions (issue 16 item 6, decision 1613). */
export class HousingTask1796900000000 implements MigrationInterface {
  name = 'HousingTask1796900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "housing_task_runs" ("id" uuid NOT NULL, "year" integer NOT NULL, "half" smallint NOT NULL, "idempotency_key" character varying(200) NOT NULL, "request_hash" character varying(64) NOT NULL, "total" integer NOT NULL, "inputs" jsonb NOT NULL, "input_hash" character varying(64) NOT NULL, "result" jsonb NOT NULL, "result_hash" character varying(64) NOT NULL, "count_batch_key" character varying(200) NOT NULL, "recorded_by" character varying(200) NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_housing_task_runs" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_housing_task_runs_key" ON "housing_task_runs"  ("idempotency_key") `);
    await q.query(`CREATE UNIQUE INDEX "UQ_housing_task_runs_half" ON "housing_task_runs"  ("year", "half") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."UQ_housing_task_runs_half"`);
    await q.query(`DROP INDEX "public"."UQ_housing_task_runs_key"`);
    await q.query(`DROP TABLE "housing_task_runs"`);
  }
}
