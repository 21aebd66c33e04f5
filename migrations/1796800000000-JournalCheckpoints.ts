import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `journal_checkpoints`: signed checkpoints of the journal head, each also the end of a verified
 * range (issue 20 item 8, issue 19 item 4; decision 1701). Append-only.
 */
export class JournalCheckpoints1796800000000 implements MigrationInterface {
  name = 'JournalCheckpoints1796800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "journal_checkpoints" ("id" uuid NOT NULL, "sequence" bigint NOT NULL, "hash" character(64) NOT NULL, "verified_from" bigint NOT NULL, "reason" character varying(20) NOT NULL, "cause" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "key_id" character varying(100) NOT NULL, "public_key" text NOT NULL, "signature" text NOT NULL, CONSTRAINT "PK_journal_checkpoints" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_journal_checkpoints_sequence" ON "journal_checkpoints" ("sequence") `);
    await q.query(`CREATE INDEX "IDX_journal_checkpoints_created_at" ON "journal_checkpoints" ("created_at") `);
    await q.query(
      `CREATE TRIGGER journal_checkpoints_append_only BEFORE UPDATE OR DELETE ON "journal_checkpoints" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER journal_checkpoints_append_only ON "journal_checkpoints"`);
    await q.query(`DROP TABLE "journal_checkpoints"`);
  }
}
