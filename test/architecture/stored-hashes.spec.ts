import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Decimal from 'decimal.js';
import { requestHash as commandRequestHash } from '../../src/common/idempotency/request-hash';
import { canonicalJson as allocationJson, hashCanonical as allocationHash } from '../../src/common/hashing/canonical';
import {
  canonicalJson as reconciliationJson,
  hashInputs,
  hashOutput,
  type FrozenInputs,
  type ReconciliationOutput,
} from '../../src/modules/reconciliation/reconciliation.calculator';
import { GENESIS_HASH, requestHash as journalRequestHash, transactionHash } from '../../src/modules/ledger/journal-hash';
import { contentHash as accountabilityHash } from '../../src/modules/verantwoording/verantwoording.calculator';
import { eventHash } from '../../src/modules/people/person-event.record';
import { resultHash } from '../../src/modules/people/attribution.service';
import { countBatchHash } from '../../src/modules/counts/count.calculator';
import { inboundRequestHash } from '../../src/modules/chain/inbound.service';
import { fixtureKeyOf } from '../../src/common/db/fixture-snapshot';

/**
 * Golden digests of every kind of hash the engine stores (issue 21 item 3): fixed inputs, fixed
 * hex. They were taken from the code before the hashing helpers were merged into
 * src/common/hashing, so a refactoring that changes any stored hash fails here. Never update a
 * value in place: a new canonical form needs a new version tag.
 */
const GOLDEN: Record<string, string> = {
  journalTransaction: 'e8ec209af31f1eb6baef36f4f22332e433b7bf1ab8ceca606eb0da1124d8a10f',
  journalRequest: '59ea13e99ce55d2c3e01a7bcaf0ed4f6942ce39ae48ca8ec188a8a0154dba0f0',
  allocationText: '{"a":{"v":true,"x":"\u00e9\\"\\\\\\n","y":"2026-01-31T09:15:00.123Z"},"m":-3,"z":["1234.5","0.00000001",null,null,7]}',
  allocationHash: 'd391f0f8e5b2bf8914ba676e115035c5a3ef04162176c126b59311b1a6bff45a',
  commandRequest: 'd391f0f8e5b2bf8914ba676e115035c5a3ef04162176c126b59311b1a6bff45a',
  reconciliationText: '{"a":{"c":-2.5,"d":null},"b":[1,null,"x"]}',
  reconciliationInputs: 'a9ea91d95411485c4edfd5f712b0f5083c97e72c76d2af5ce1400b59225e5bc7',
  reconciliationOutput: 'bac4a3d7337dc8ebb6f5a4b1d83113bf1af38ee1a6531d7401d81600ecd64a93',
  accountability: '5e4a616a0c44741be97fd83580eac499a878ed9bf0799d883251a530ad24aaab',
  personEvent: 'c0fda069beb1f878f6b5b30c5f22dc899eea07e45f4ee56116df72f8821eeb38',
  attribution: '688c3bfed862ad4ce3da4cf0f161c6f5a2aec736462f603c49b76c00a7d1f64c',
  countBatch: '462a15dedbc175e080c4f36e6443de137845a5912681807ece8a639bfea011aa',
  inboundRequest: '4b16c02644a9f4dbdcbb6404868a5019fcd2293a869a1ae5219f324b6d0467c8',
  fixtureKey: '98ccdf5e73f4063c67f728b2384318bea35a921b3135f6360ef3528d8ea37cc2',
};

function actual(): Record<string, string> {
  const value = {
    z: [new Decimal('1234.50'), new Decimal('0.00000001'), null, undefined, 7],
    a: { y: new Date('2026-01-31T09:15:00.123Z'), x: 'é"\\\n', w: undefined, v: true },
    m: -3,
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golden-'));
  fs.mkdirSync(path.join(dir, 'src', 'x'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'migrations'));
  fs.mkdirSync(path.join(dir, 'fixtures'));
  fs.writeFileSync(path.join(dir, 'src', 'x', 'a.ts'), 'export const a = 1;\n');
  fs.writeFileSync(path.join(dir, 'migrations', 'm.ts'), 'export {};\n');
  fs.writeFileSync(path.join(dir, 'fixtures', 'f.csv'), 'a,b\n1,2\n');
  try {
    return {
      journalTransaction: transactionHash({
        id: '3f0c7a52-8a51-4c9e-9b0e-1a2b3c4d5e6f',
        sequence: '1',
        prevHash: GENESIS_HASH,
        idempotencyKey: 'alloc:run-1:GM0363',
        requestHash: 'a'.repeat(64),
        kind: 'ALLOCATION',
        effectiveDate: '2025-10-01',
        recordedAt: new Date('2025-10-01T08:00:00.123Z'),
        actor: 'fo-1',
        actorRole: 'FINANCE_OFFICER',
        reason: 'provisional decision 2026 — ü',
        currency: 'EUR',
        causeType: 'ALLOCATION_RUN',
        causeId: 'run-1',
        reversesId: null,
        postings: [
          { line: 2, account: 'municipality:GM0363:committed:SPUK-WI2021:2026', direction: 'CREDIT', amount: '1234.50' },
          { line: 1, account: 'ministry:commitment:SPUK-WI2021:2026', direction: 'DEBIT', amount: '1234.50' },
        ],
      }),
      journalRequest: journalRequestHash({
        kind: 'ALLOCATION',
        effectiveDate: '2025-10-01',
        reason: 'r',
        causeType: null,
        causeId: 'c',
        reversesId: null,
        postings: [{ account: 'a:b', direction: 'DEBIT', amount: '1.00' }],
      }),
      allocationText: allocationJson(value),
      allocationHash: allocationHash(value),
      commandRequest: commandRequestHash(value),
      reconciliationText: reconciliationJson({ b: [1, undefined, 'x'], a: { d: null, c: -2.5 } }),
      reconciliationInputs: hashInputs({ scheme: { code: 'S', year: 2026 }, nested: [{ b: '1.00', a: 2 }] } as unknown as FrozenInputs),
      reconciliationOutput: hashOutput({ totals: { differences: 3, x: '0.10' } } as unknown as ReconciliationOutput),
      accountability: accountabilityHash(
        { municipalityCode: 'GM0363', schemeCode: 'S', year: 2026, version: 2, periodStart: '2026-01-01', periodEnd: '2026-12-31' },
        {
          counts: [
            { category: 'B', route: null, count: new Decimal('2'), explanation: null },
            { category: 'A', route: 'Z', count: new Decimal('1.5'), explanation: 'x' },
          ],
          expenditure: [{ component: 'TAAL' as never, amount: new Decimal('12.3'), explanation: null }],
          attachments: [{ name: 'n.pdf', sha256: 'b'.repeat(64) }],
        },
        2,
      ),
      personEvent: eventHash({
        eventId: 'e1',
        personId: 'person-0001',
        type: 'REGISTERED',
        date: '2026-01-01',
        category: 'A',
        route: null,
        municipalityCode: 'GM0363',
        fromCode: null,
        toCode: null,
        endReason: null,
        source: 'DUO',
        sourceRecordedAt: '2026-01-02T00:00:00Z',
      } as never),
      attribution: resultHash([
        { municipality_code: 'GM0363', category: 'A', route: 'B1', units: '3', value: '1.500000' },
        { municipality_code: 'GM0599', category: 'B', route: '', units: '1', value: '0.250000' },
      ]),
      countBatch: countBatchHash([
        {
          municipalityCode: 'GM0363',
          periodType: 'YEAR',
          periodStart: '2026-01-01',
          periodEnd: '2026-12-31',
          category: 'A',
          route: null,
          basis: 'B',
          rule: null,
          source: 'DUO',
          value: '3.000000',
          units: null,
          divisor: null,
        },
        {
          municipalityCode: 'GM0014',
          periodType: 'YEAR',
          periodStart: '2026-01-01',
          periodEnd: '2026-12-31',
          category: 'A',
          route: null,
          basis: 'B',
          rule: 'R',
          source: 'DUO',
          value: '1.500000',
          units: '3',
          divisor: 2,
        },
      ]),
      inboundRequest: inboundRequestHash({ b: '2', a: '1', c: 'ü' }),
      fixtureKey: fixtureKeyOf({
        codeRoot: dir,
        fixtures: path.join(dir, 'fixtures'),
        extension: '.ts',
        pglite: '0.5.14',
        history: 'national',
      }),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('stored hashes keep their values', () => {
  it('every kind of stored hash gives its golden digest', () => {
    const got = actual();
    if (process.env.WRITE_GOLDEN) {
      fs.writeFileSync(process.env.WRITE_GOLDEN, JSON.stringify(got, null, 2));
    }
    expect(got).toEqual(GOLDEN);
  });
});
