import { Client } from 'pg';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { simplePost } from '../helpers/ledger';
import { accounts, ledgerSnapshot, postTransaction } from '../../src/modules/ledger';

const adv = accounts.advance('GM0363', 'SPUK-WI2021', 2026);
const bank = accounts.bank();

describe('ledger snapshot: the journal head as of a moment', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 2 });
  }, 600_000);
  afterAll(async () => {
    await t.close();
  });

  it('is the highest sequence numerically, also past 999 (not "999" > "1004" as text)', async () => {
    const ctx = t.ctx();
    for (let i = 0; i < 10; i += 1) {
      await postTransaction(ctx, simplePost(`snap-${i}`, adv, bank, '1.00'));
    }
    // Shift the sequences to 995..1004 as a superuser with triggers off, rather than posting a
    // thousand transactions; the snapshot reads only sequence, hash and recorded_at.
    const admin = new Client({ connectionString: t.url });
    await admin.connect();
    try {
      await admin.query('SET session_replication_role = replica');
      await admin.query('UPDATE journal_transactions SET sequence = sequence + 994');
      const max = (
        await admin.query<{ sequence: string; hash: string }>(
          'SELECT sequence::text, hash FROM journal_transactions ORDER BY journal_transactions.sequence DESC LIMIT 1',
        )
      ).rows[0];
      expect(max?.sequence).toBe('1004');
      const snapshot = await ledgerSnapshot(ctx, new Date());
      expect(snapshot.headSequence).toBe('1004');
      expect(snapshot.headHash).toBe(max?.hash);
    } finally {
      await admin.end();
    }
  });
});
