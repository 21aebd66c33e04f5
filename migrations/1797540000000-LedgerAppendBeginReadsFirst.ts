import type { MigrationInterface, QueryRunner } from 'typeorm';

const SIGNATURE = `ledger_append_begin(
    keys text[], reversals int,
    addresses text[], kinds text[], sides text[], templates text[], municipalities text[], schemes text[], years int[],
    OUT now timestamptz, OUT head_sequence text, OUT head_hash text, OUT head_recorded_at timestamptz,
    OUT known boolean, OUT account_ids bigint[])`;

const HEAD = `  SELECT date_trunc('milliseconds', clock_timestamp()), h.sequence::text, h.hash, h.recorded_at
    INTO now, head_sequence, head_hash, head_recorded_at
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (SELECT t.sequence, t.hash, t.recorded_at FROM journal_transactions t ORDER BY t.sequence DESC LIMIT 1) h ON true;`;

const CREATE_MISSING = `    INSERT INTO ledger_accounts (address, kind, normal_side, template, municipality_code, scheme_code, year)
    SELECT w.address, w.kind, w.normal_side, w.template, w.municipality_code, w.scheme_code, w.year
      FROM unnest(addresses, kinds, sides, templates, municipalities, schemes, years)
        AS w(address, kind, normal_side, template, municipality_code, scheme_code, year)
     WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.address = w.address)
    ON CONFLICT (address) DO NOTHING;`;

const READ_IDS = `SELECT array_agg(a.id ORDER BY w.ord), bool_and(a.id IS NOT NULL) INTO account_ids, found_all
      FROM unnest(addresses) WITH ORDINALITY AS w(address, ord)
      LEFT JOIN ledger_accounts a ON a.address = w.address;`;

/**
 * `ledger_append_begin` reads the batch's accounts first and inserts only when one is missing
 * (decision 1950): an append on known accounts, the usual one, probes each address once instead of
 * twice (the insert's NOT EXISTS and the read after it). Same arguments, same answers.
 */
export class LedgerAppendBeginReadsFirst1797540000000 implements MigrationInterface {
  name = 'LedgerAppendBeginReadsFirst1797540000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION ${SIGNATURE}
  LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  found_all boolean;
BEGIN
  PERFORM pg_advisory_xact_lock(7331004001);
  known := EXISTS (SELECT 1 FROM journal_transactions t WHERE t.idempotency_key = ANY(keys));
  IF NOT known AND reversals = 0 THEN
    ${READ_IDS}
    IF NOT COALESCE(found_all, true) THEN
${CREATE_MISSING}
      ${READ_IDS}
    END IF;
  END IF;
${HEAD}
END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION ${SIGNATURE}
  LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7331004001);
  known := EXISTS (SELECT 1 FROM journal_transactions t WHERE t.idempotency_key = ANY(keys));
  IF NOT known AND reversals = 0 THEN
${CREATE_MISSING}
    SELECT array_agg(a.id ORDER BY w.ord) INTO account_ids
      FROM unnest(addresses) WITH ORDINALITY AS w(address, ord)
      LEFT JOIN ledger_accounts a ON a.address = w.address;
  END IF;
${HEAD}
END $$`);
  }
}
