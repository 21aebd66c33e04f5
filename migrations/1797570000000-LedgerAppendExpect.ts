import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `ledger_append_expect(sequence, hash, recorded_at)`: the first statement of an append written in
 * one round trip (decision 2110). It takes the chain lock, as `ledger_append_begin` does, and
 * refuses (SQLSTATE LH001) when the head is not the one the writer chained from, or when the
 * writer's `recorded_at` is before the head's or more than 2 seconds from the database's clock
 * (LH002). The writer then rolls back and appends the usual way, which reads the head itself.
 */
export class LedgerAppendExpect1797570000000 implements MigrationInterface {
  name = 'LedgerAppendExpect1797570000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION ledger_append_expect(expected_sequence bigint, expected_hash text, recorded timestamptz)
  RETURNS void LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  h record;
BEGIN
  PERFORM pg_advisory_xact_lock(7331004001);
  SELECT t.sequence, t.hash, t.recorded_at INTO h FROM journal_transactions t ORDER BY t.sequence DESC LIMIT 1;
  IF (h.sequence IS NULL AND expected_sequence <> 0)
     OR (h.sequence IS NOT NULL AND (h.sequence <> expected_sequence OR h.hash <> expected_hash)) THEN
    RAISE EXCEPTION 'ledger append chained from sequence %, but the head is %', expected_sequence, COALESCE(h.sequence, 0)
      USING ERRCODE = 'LH001';
  END IF;
  IF recorded < h.recorded_at OR abs(extract(epoch FROM recorded - clock_timestamp())) > 2 THEN
    RAISE EXCEPTION 'ledger append recorded at %, the head at %, the clock at %', recorded, h.recorded_at, clock_timestamp()
      USING ERRCODE = 'LH002';
  END IF;
END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION ledger_append_expect(bigint, text, timestamptz)`);
  }
}
