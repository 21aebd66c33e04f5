import fc from 'fast-check';
import {
  canonicalJson,
  hashInputs,
  hashOutput,
  INPUT_FORMAT,
  RECONCILIATION_CHECKS,
  reconcile,
  type FrozenInputs,
} from './reconciliation.calculator';

const S = 'S';
const Y = 2026;
const committed = (m: string) => `municipality:${m}:committed:${S}:${Y}`;
const advance = (m: string) => `municipality:${m}:advance:${S}:${Y}`;
const receivable = (m: string) => `municipality:${m}:receivable:${S}`;

/** Two municipalities, granted 300.00 and 200.00, one tranche each due and paid, ledger in step. */
function clean(): FrozenInputs {
  return {
    format: INPUT_FORMAT,
    scheme: { code: S, year: Y, budgetMode: 'CLOSED', budget: '500.00', unitScale: 2 },
    asOf: '2026-06-01T00:00:00.000Z',
    asOfDate: '2026-06-01',
    municipalities: ['GM0001', 'GM0002'],
    allocationRuns: [
      {
        id: 'run-1',
        seq: 1,
        stage: 'PROVISIONAL',
        createdAt: '2026-01-01T00:00:00.000Z',
        inputHash: 'i',
        outputHash: 'o',
        bookingTransactionId: 'tx-1',
        totalAmount: '500.00',
        lines: [
          { municipalityCode: 'GM0001', amount: '300.00' },
          { municipalityCode: 'GM0002', amount: '200.00' },
        ],
      },
    ],
    currentRunInputs: null,
    reports: [],
    advances: {
      planId: 'plan',
      planVersion: 1,
      due: [
        { municipalityCode: 'GM0001', index: 0, dueDate: '2026-01-01', amount: '150.00' },
        { municipalityCode: 'GM0002', index: 0, dueDate: '2026-01-01', amount: '100.00' },
      ],
      payments: [
        {
          municipalityCode: 'GM0001',
          index: 0,
          dueDate: '2026-01-01',
          amount: '150.00',
          transactionId: 't1',
          paidAt: '2026-01-01T00:00:00.000Z',
        },
        {
          municipalityCode: 'GM0002',
          index: 0,
          dueDate: '2026-01-01',
          amount: '100.00',
          transactionId: 't2',
          paidAt: '2026-01-01T00:00:00.000Z',
        },
      ],
      suspended: [],
      offsetsFromNextYear: [],
    },
    settlement: null,
    recoveries: [],
    ledger: {
      headSequence: '3',
      headHash: 'h',
      trialBalanceNet: '0.00',
      chain: { ok: true, count: 3, brokenAt: null },
      manualCorrections: [],
      balances: [
        { account: advance('GM0001'), net: '150.00' },
        { account: committed('GM0001'), net: '-300.00' },
        { account: advance('GM0002'), net: '100.00' },
        { account: committed('GM0002'), net: '-200.00' },
      ],
    },
  };
}

const summary = (inp: FrozenInputs) =>
  reconcile(inp).differences.map((d) => [d.check, d.municipalityCode, d.cause, d.expected, d.actual, d.difference]);

describe('reconcile', () => {
  it('a ledger in step with the records has no differences, and totals are the sums of the lines', () => {
    const out = reconcile(clean());
    expect(out.differences).toEqual([]);
    expect(out.totals).toMatchObject({
      committedExpected: '-500.00',
      committedActual: '-500.00',
      advanceExpected: '250.00',
      advanceActual: '250.00',
      differences: 0,
    });
  });

  it.each([
    [
      'a tranche due and unpaid',
      (i: FrozenInputs) => {
        i.advances.payments = i.advances.payments.slice(1);
        i.ledger.balances = i.ledger.balances.filter((b) => b.account !== advance('GM0001'));
      },
      [['TRANCHES_PAID', 'GM0001', 'ADVANCE_NOT_PAID', '150.00', '0.00', '-150.00']],
    ],
    [
      'a payment recorded but not booked',
      (i: FrozenInputs) => {
        i.ledger.balances = i.ledger.balances.filter((b) => b.account !== advance('GM0002'));
      },
      [['ADVANCE_BALANCE', 'GM0002', 'UNEXPLAINED', '100.00', '0.00', '-100.00']],
    ],
    [
      'a manual correction explains its difference',
      (i: FrozenInputs) => {
        i.ledger.balances[1] = { account: committed('GM0001'), net: '-299.99' };
        i.ledger.manualCorrections = [{ transactionId: 'mc', sequence: '4', account: committed('GM0001'), net: '0.01' }];
      },
      [['COMMITTED_BALANCE', 'GM0001', 'MANUAL_CORRECTION', '-300.00', '-299.99', '0.01']],
    ],
    [
      'allocations that do not add up to a closed budget',
      (i: FrozenInputs) => {
        i.scheme.budget = '500.01';
      },
      [['ALLOCATION_TOTAL', null, 'UNEXPLAINED', '500.01', '500.00', '-0.01']],
    ],
    [
      'a trial balance that does not net out',
      (i: FrozenInputs) => {
        i.ledger.trialBalanceNet = '0.01';
      },
      [['TRIAL_BALANCE', null, 'UNEXPLAINED', '0.00', '0.01', '0.01']],
    ],
    [
      'a reported count beyond tolerance',
      (i: FrozenInputs) => {
        i.reports = [
          {
            id: 'r1',
            municipalityCode: 'GM0002',
            version: 1,
            status: 'SUBMITTED',
            contentHash: 'c',
            submittedAt: '2026-05-01T00:00:00.000Z',
            differences: [
              {
                check: 'REPORTED_COUNT_DIFFERS',
                category: 'A',
                route: null,
                reported: '12',
                expected: '10.5',
                difference: '1.5',
                beyondTolerance: true,
              },
              {
                check: 'REPORTED_COUNT_DIFFERS',
                category: 'B',
                route: null,
                reported: '10',
                expected: '10.1',
                difference: '-0.1',
                beyondTolerance: false,
              },
            ],
          },
        ];
      },
      [['REPORTED_VS_REGISTERED', 'GM0002', 'REPORTED_COUNT_DIFFERS', '10.500000', '12.000000', '1.500000']],
    ],
  ])('%s', (_name, mutate, expected) => {
    const inp = clean();
    mutate(inp);
    expect(summary(inp)).toEqual(expected);
  });

  it('lists differences in the order of RECONCILIATION_CHECKS, per-municipality checks municipality by municipality', () => {
    expect(RECONCILIATION_CHECKS.map((c) => [c.check, c.per])).toEqual([
      ['ALLOCATION_TOTAL', 'run'],
      ['COMMITTED_BALANCE', 'municipality'],
      ['TRANCHES_PAID', 'municipality'],
      ['ADVANCE_BALANCE', 'municipality'],
      ['RECEIVABLE_BALANCE', 'municipality'],
      ['REPORTED_VS_REGISTERED', 'run'],
      ['TRIAL_BALANCE', 'run'],
      ['JOURNAL_CHAIN', 'run'],
    ]);
    const inp = clean();
    inp.scheme.budget = '500.01';
    inp.ledger.balances = [
      { account: advance('GM0001'), net: '150.00' },
      { account: committed('GM0001'), net: '-299.00' },
      { account: receivable('GM0001'), net: '5.00' },
      { account: committed('GM0002'), net: '-201.00' },
    ];
    inp.advances.payments = inp.advances.payments.slice(0, 1);
    inp.reports = [
      {
        id: 'r1',
        municipalityCode: 'GM0001',
        version: 2,
        status: 'SUBMITTED',
        contentHash: 'c',
        submittedAt: '2026-05-01T00:00:00.000Z',
        differences: [
          {
            check: 'REPORTED_COUNT_DIFFERS',
            category: 'A',
            route: null,
            reported: '3',
            expected: '1',
            difference: '2',
            beyondTolerance: true,
          },
        ],
      },
    ];
    inp.ledger.trialBalanceNet = '0.01';
    inp.ledger.chain = {
      ok: false,
      count: 2,
      brokenAt: { transactionId: 'tx-9', sequence: '3', problem: 'HASH_MISMATCH', accounts: [advance('GM0002')] },
    };
    const out = reconcile(inp);
    expect(out.differences.map((d) => [d.check, d.municipalityCode, d.cause])).toEqual([
      ['ALLOCATION_TOTAL', null, 'UNEXPLAINED'],
      ['COMMITTED_BALANCE', 'GM0001', 'UNEXPLAINED'],
      ['RECEIVABLE_BALANCE', 'GM0001', 'UNEXPLAINED'],
      ['COMMITTED_BALANCE', 'GM0002', 'UNEXPLAINED'],
      ['TRANCHES_PAID', 'GM0002', 'ADVANCE_NOT_PAID'],
      ['REPORTED_VS_REGISTERED', 'GM0001', 'REPORTED_COUNT_DIFFERS'],
      ['TRIAL_BALANCE', null, 'JOURNAL_TAMPERED'],
      ['JOURNAL_CHAIN', 'GM0002', 'JOURNAL_TAMPERED'],
    ]);
    // A line counts its municipality's balance checks and reports, not the journal's chain.
    expect(out.municipalities.map((l) => [l.municipalityCode, l.differences])).toEqual([
      ['GM0001', 3],
      ['GM0002', 2],
    ]);
  });

  it('after the settlement every advance is zero; a determination not booked is SETTLEMENT_NOT_BOOKED', () => {
    const inp = clean();
    inp.settlement = {
      id: 'set',
      recoveryMode: 'INVOICE',
      finalisedAt: '2026-05-01T00:00:00.000Z',
      lines: [
        { municipalityCode: 'GM0001', payeeCode: 'GM0001', status: 'FINAL', finalEntitlement: '120.00', paid: '150.00', amount: '-30.00' },
        { municipalityCode: 'GM0002', payeeCode: 'GM0002', status: 'FINAL', finalEntitlement: '130.00', paid: '100.00', amount: '30.00' },
      ],
    };
    inp.ledger.balances = [
      { account: advance('GM0001'), net: '0.00' },
      { account: committed('GM0001'), net: '-300.00' },
      { account: receivable('GM0001'), net: '30.00' },
      { account: advance('GM0002'), net: '100.00' },
      { account: committed('GM0002'), net: '-200.00' },
    ];
    expect(summary(inp)).toEqual([['ADVANCE_BALANCE', 'GM0002', 'SETTLEMENT_NOT_BOOKED', '0.00', '100.00', '100.00']]);
  });

  it("expects an earlier year's open recoveries on the year-less receivable, and still finds a difference beside them", () => {
    const inp = clean();
    const earlier2025 = {
      id: 'settle-2025',
      recoveryMode: 'INVOICE',
      finalisedAt: '2026-05-01T00:00:00.000Z',
      lines: [
        {
          municipalityCode: 'GM0001',
          payeeCode: 'GM0001',
          status: 'SETTLED',
          finalEntitlement: '900.00',
          paid: '1000.00',
          amount: '-100.00',
        },
        { municipalityCode: 'GM0002', payeeCode: 'GM0002', status: 'SETTLED', finalEntitlement: '500.00', paid: '450.00', amount: '50.00' },
      ],
    };
    inp.ledger.balances.push({ account: receivable('GM0001'), net: '100.00' });
    inp.ledger.balances.sort((a, b) => a.account.localeCompare(b.account));
    // Before issue 15 the run had no earlier years and called the invoiced 2025 recovery UNEXPLAINED.
    expect(reconcile(inp).differences.map((d) => [d.check, d.account, d.cause])).toEqual([
      ['RECEIVABLE_BALANCE', receivable('GM0001'), 'UNEXPLAINED'],
    ]);
    inp.earlierYears = [{ year: 2025, settlement: earlier2025, recoveries: [] }];
    expect(reconcile(inp).differences).toEqual([]);
    // 30.00 of it received: expected 70.00 open.
    inp.earlierYears[0]!.recoveries.push({
      municipalityCode: 'GM0001',
      action: 'RECEIVED_RECEIVABLE',
      amount: '30.00',
      transactionId: 'r1',
      recordedAt: '2026-05-02T00:00:00.000Z',
    });
    const d = reconcile(inp).differences;
    expect(d.map((x) => [x.check, x.expected, x.actual, x.difference, x.cause])).toEqual([
      ['RECEIVABLE_BALANCE', '70.00', '100.00', '30.00', 'UNEXPLAINED'],
    ]);
  });

  it('the output hash is a function of the inputs only; any change to an input changes the input hash', () => {
    const a = clean();
    expect(hashOutput(reconcile(a))).toBe(hashOutput(reconcile(structuredClone(a))));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999 }), (cents) => {
        const b = clean();
        b.ledger.balances[0]!.net = (150 * 100 + cents).toString().replace(/(\d\d)$/, '.$1');
        return hashInputs(b) !== hashInputs(a);
      }),
    );
  });

  it('the municipality lines always add up to the totals', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -10_000_000, max: 10_000_000 }), { minLength: 2, maxLength: 2 }), ([c1, c2]) => {
        const inp = clean();
        const text = (n: number) => (n / 100).toFixed(2);
        inp.ledger.balances[1] = { account: committed('GM0001'), net: text(c1!) };
        inp.ledger.balances[3] = { account: committed('GM0002'), net: text(c2!) };
        return reconcile(inp).totals.committedActual === text(c1! + c2!);
      }),
    );
  });

  it('canonical JSON sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 'x', e: undefined }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"f":"x"}]},"b":1}');
  });
});
