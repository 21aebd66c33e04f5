import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `merger_registrations`: the idempotency key and request hash of a merger registered through the
 * API, whose transfer of balances is booked in the same transaction (decision 1601). Append-only.
 */
export class MergerRegistrations1796700100000 implements MigrationInterface {
  name = 'MergerRegistrations1796700100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "merger_registrations" ("id" uuid NOT NULL, "idempotency_key" character varying(200) NOT NULL, "request_hash" character varying(64) NOT NULL, "dissolved_codes" character varying array NOT NULL, "successor_code" character varying(6) NOT NULL, "effective_date" date NOT NULL, "recorded_by" character varying(200) NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_merger_registrations" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_merger_registration_key" ON "merger_registrations" ("idempotency_key") `);
    await q.query(
      `CREATE TRIGGER merger_registrations_append_only BEFORE UPDATE OR DELETE ON "merger_registrations" FOR EACH ROW EXECUTE FUNCTION forbid_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER merger_registrations_append_only ON "merger_registrations"`);
    await q.query(`DROP TABLE "merger_registrations"`);
  }
}
