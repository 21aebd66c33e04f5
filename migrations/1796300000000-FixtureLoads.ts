import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `fixture_loads`: one row per load of the full fixtures, with the fixture key of the code that
 * loaded them (decision 1200), so a restart, or a database copied from the fixture snapshot, loads
 * nothing again. Append-only like the other records of what happened.
 */
export class FixtureLoads1796300000000 implements MigrationInterface {
  name = 'FixtureLoads1796300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "fixture_loads" ("id" BIGSERIAL NOT NULL, "code_key" character varying(64) NOT NULL, "loaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "duration_ms" integer NOT NULL, "summary" jsonb NOT NULL, CONSTRAINT "PK_e3e36c45efc4ef8fba76c4d8804" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_fixture_loads_code_key" ON "fixture_loads"  ("code_key") `);
    await q.query(
      `CREATE TRIGGER fixture_loads_append_only BEFORE UPDATE OR DELETE ON "fixture_loads" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER fixture_loads_append_only ON "fixture_loads"`);
    await q.query(`DROP TABLE "fixture_loads"`);
  }
}
