import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Item 3: the endpoint each municipality registered and its delivery progress (decision 1504). */
export class ChainDelivery1796600000001 implements MigrationInterface {
  name = 'ChainDelivery1796600000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "chain_endpoints" ("municipality_code" character varying(6) NOT NULL, "url" character varying(500) NOT NULL, "secret" character varying(100) NOT NULL, "registered_by" character varying(200) NOT NULL, "registered_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "CHK_chain_endpoints_url" CHECK ("url" ~ '^https?://'), CONSTRAINT "PK_c0e3aed9d37616981013e503d0a" PRIMARY KEY ("municipality_code"))`,
    );
    await q.query(
      `CREATE TABLE "chain_delivery_state" ("municipality_code" character varying(6) NOT NULL, "delivered_id" bigint NOT NULL DEFAULT '0', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_error" character varying(300), "dead_since" TIMESTAMP WITH TIME ZONE, "last_delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_cca3b339118139420286a87e05c" PRIMARY KEY ("municipality_code"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "chain_delivery_state"`);
    await q.query(`DROP TABLE "chain_endpoints"`);
  }
}
