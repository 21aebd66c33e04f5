import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `key_comparisons` (issue 18.5, decision 1311): candidate keys side by side, stored with inputs and output. Append-only. */
export class KeyComparisons1797000100000 implements MigrationInterface {
  name = 'KeyComparisons1797000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "key_comparisons" ("id" uuid NOT NULL, "scheme_code" character varying(40) NOT NULL, "year" integer NOT NULL, "params" jsonb NOT NULL, "method_version" character varying(40) NOT NULL, "inputs" jsonb NOT NULL, "input_hash" character varying(64) NOT NULL, "output" jsonb NOT NULL, "output_hash" character varying(64) NOT NULL, "unit_scale" integer NOT NULL, "idempotency_key" character varying(200) NOT NULL, "request_hash" character varying(64) NOT NULL, "created_by" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_key_comparisons" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_key_comparison_idempotency" ON "key_comparisons" ("idempotency_key") `);
    await q.query(
      `CREATE TRIGGER key_comparisons_append_only BEFORE UPDATE OR DELETE ON "key_comparisons" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "key_comparisons"`);
  }
}
