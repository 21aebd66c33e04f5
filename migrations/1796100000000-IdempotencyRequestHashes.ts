import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyRequestHashes1796100000000 implements MigrationInterface {
  name = 'IdempotencyRequestHashes1796100000000';

  // Finalisations and recoveries keep the hash of their request, so a key repeated with another
  // request (another effective date) is refused (decision 1101). Rows from before stay NULL: they
  // are compared on what they stored. A finalisation key is unique like every other key.
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "settlement_finalisations" ADD "request_hash" character varying(64)`);
    await q.query(`ALTER TABLE "settlement_recoveries" ADD "request_hash" character varying(64)`);
    await q.query(`CREATE UNIQUE INDEX "UQ_settlement_finalisation_idempotency" ON "settlement_finalisations" ("idempotency_key")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."UQ_settlement_finalisation_idempotency"`);
    await q.query(`ALTER TABLE "settlement_recoveries" DROP COLUMN "request_hash"`);
    await q.query(`ALTER TABLE "settlement_finalisations" DROP COLUMN "request_hash"`);
  }
}
