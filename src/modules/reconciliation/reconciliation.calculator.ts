import type Decimal from 'decimal.js';
import { money, sum, ZERO } from '../../common/money/money';
import { canonicalJsonFinite, sha256Hex } from '../../common/hashing/canonical';

/**
 * The reconciliation rules: a pure function of the frozen inputs (no database, no clock), so a
 * run can be recomputed from its stored inputs years later, by the engine (reproduceReconciliation)
 * or by the export verifier. Amounts are net balances, Σ debit − Σ credit, as the ledger reports
 * them (a committed account holding a grant of 100.00 has balance −100.00). docs/reconciliation.md.
 */

export const INPUT_FORMAT = 'reconciliation-inputs/1';

export type CheckCode =
  | 'ALLOCATION_TOTAL'
  | 'COMMITTED_BALANCE'
  | 'TRANCHES_PAID'
  | 'ADVANCE_BALANCE'
  | 'RECEIVABLE_BALANCE'
  | 'REPORTED_VS_REGISTERED'
  | 'TRIAL_BALANCE'
  | 'JOURNAL_CHAIN';

export type CauseCode =
  | 'ADVANCE_NOT_PAID'
  | 'SETTLEMENT_NOT_BOOKED'
  | 'REPORTED_COUNT_DIFFERS'
  | 'SPENDING_EXCEEDS_FUNDING'
  | 'SPENDING_BELOW_ADVANCES'
  | 'MANUAL_CORRECTION'
  | 'JOURNAL_TAMPERED'
  | 'MERGER_TRANSFER'
  | 'UNEXPLAINED';

export interface FrozenAllocationRun {
  id: string;
  seq: number;
  stage: string;
  createdAt: string;
  inputHash: string;
  outputHash: string;
  bookingTransactionId: string | null;
  totalAmount: string;
  /** Lines of the run (every municipality of the run), sorted by code. */
  lines: { municipalityCode: string; amount: string }[];
}

export interface FrozenReport {
  id: string;
  municipalityCode: string;
  version: number;
  status: string;
  contentHash: string | null;
  submittedAt: string | null;
  differences: {
    check: string;
    category: string | null;
    route: string | null;
    reported: string;
    expected: string;
    difference: string;
    beyondTolerance: boolean;
  }[];
}

export interface FrozenInputs {
  format: string;
  scheme: { code: string; year: number; budgetMode: string; budget: string; unitScale: number };
  /** The moment (UTC ISO) and its Amsterdam calendar date. */
  asOf: string;
  asOfDate: string;
  /** Municipalities reconciled, sorted. */
  municipalities: string[];
  /** Runs of the scheme-year created by asOf, by seq; the last one is current. */
  allocationRuns: FrozenAllocationRun[];
  /** The stored inputs (rates, counts, rule) of the current run, as the allocation module hashed them. */
  currentRunInputs: unknown;
  /** Per municipality the latest submitted version (by asOf) of its accountability report. */
  reports: FrozenReport[];
  advances: {
    planId: string | null;
    planVersion: number | null;
    /** Tranches of the current plan due on or before asOfDate. */
    due: { municipalityCode: string; index: number; dueDate: string; amount: string }[];
    payments: { municipalityCode: string; index: number; dueDate: string; amount: string; transactionId: string | null; paidAt: string }[];
    suspended: string[];
    /** Offsets of the next year's tranches against this year's recoveries (credit this year's advance). */
    offsetsFromNextYear: { municipalityCode: string; amount: string }[];
  };
  settlement: {
    id: string;
    recoveryMode: string;
    finalisedAt: string;
    lines: {
      municipalityCode: string;
      payeeCode: string;
      status: string;
      finalEntitlement: string | null;
      paid: string;
      amount: string | null;
    }[];
  } | null;
  recoveries: { municipalityCode: string; action: string; amount: string; transactionId: string; recordedAt: string }[];
  /**
   * The finalised settlements and recovery records of the scheme's earlier years, as recorded at
   * asOf. The receivable account `municipality:{m}:receivable:{s}` has no year: what an earlier
   * year invoiced and was not yet received is expected on it too. Absent in runs made before
   * issue 15 (read as none, so they reproduce unchanged).
   */
  earlierYears?: EarlierYear[];
  ledger: {
    headSequence: string;
    headHash: string;
    trialBalanceNet: string;
    chain: {
      ok: boolean;
      count: number;
      brokenAt: { transactionId: string; sequence: string; problem: string; accounts: string[] } | null;
    };
    manualCorrections: { transactionId: string; sequence: string; account: string; net: string }[];
    /**
     * Net per account of the MERGER_TRANSFER transactions recorded by asOf: a herindeling moved the
     * dissolved municipality's balances to its successor (decision 1601). Absent in runs made
     * before it, and when there is none (so those runs' input hashes are unchanged).
     */
    mergerTransfers?: { transactionId: string; sequence: string; account: string; net: string }[];
    /** Net balances as recorded at asOf of every account reconciled, sorted by account. */
    balances: { account: string; net: string }[];
  };
}

/** One earlier scheme-year's settlement records, for the receivable it leaves open. */
export interface EarlierYear {
  year: number;
  settlement: FrozenInputs['settlement'];
  recoveries: FrozenInputs['recoveries'];
}

export interface Difference {
  check: CheckCode;
  municipalityCode: string | null;
  account: string | null;
  unit: 'EUR' | 'COUNT';
  expected: string;
  actual: string;
  /** actual − expected. */
  difference: string;
  direction: 'ACTUAL_HIGHER' | 'ACTUAL_LOWER';
  cause: CauseCode;
  detail: string;
  /** Ids behind the difference (transactions, reports, runs, tranches). */
  refs: string[];
}

export interface MunicipalityLine {
  municipalityCode: string;
  committedExpected: string;
  committedActual: string;
  advanceExpected: string;
  advanceActual: string;
  receivableExpected: string;
  receivableActual: string;
  differences: number;
}

export interface ReconciliationOutput {
  format: 'reconciliation-output/1';
  municipalities: MunicipalityLine[];
  differences: Difference[];
  totals: {
    committedExpected: string;
    committedActual: string;
    advanceExpected: string;
    advanceActual: string;
    receivableExpected: string;
    receivableActual: string;
    differences: number;
    byCause: Record<string, number>;
  };
}

export const accountOf = {
  committed: (m: string, s: string, y: number) => `municipality:${m}:committed:${s}:${y}`,
  advance: (m: string, s: string, y: number) => `municipality:${m}:advance:${s}:${y}`,
  receivable: (m: string, s: string) => `municipality:${m}:receivable:${s}`,
};

const fixed = (d: Decimal, scale: number): string => d.toFixed(scale);
const byKey = <T>(rows: T[], key: (r: T) => string, value: (r: T) => Decimal): Map<string, Decimal> => {
  const out = new Map<string, Decimal>();
  for (const r of rows) {
    out.set(key(r), (out.get(key(r)) ?? ZERO).plus(value(r)));
  }
  return out;
};

/** Expected net balances per municipality, from the allocation, advance and settlement records. */
function expectations(inp: FrozenInputs) {
  const current = inp.allocationRuns[inp.allocationRuns.length - 1];
  const granted = new Map((current?.lines ?? []).map((l) => [l.municipalityCode, money(l.amount)]));
  const paid = byKey(
    inp.advances.payments,
    (p) => p.municipalityCode,
    (p) => money(p.amount),
  );
  const offsetsOut = byKey(
    inp.advances.offsetsFromNextYear,
    (o) => o.municipalityCode,
    (o) => money(o.amount),
  );
  const committed = new Map<string, Decimal>();
  const advance = new Map<string, Decimal>();
  const beforeDetermination = new Map<string, Decimal>();
  const receivable = new Map<string, Decimal>();
  for (const m of inp.municipalities) {
    committed.set(m, (granted.get(m) ?? ZERO).neg());
    advance.set(m, paid.get(m) ?? ZERO);
    beforeDetermination.set(m, paid.get(m) ?? ZERO);
    receivable.set(m, ZERO);
  }
  const s = inp.settlement;
  if (s !== null) {
    // Per payee: Σ (paid − E_final) of its booked lines; a positive net S is paid out, a negative
    // one stays on advance (OFFSET) or moves to the receivable (INVOICE); recoveries and next-year
    // offsets then clear it (DOMAIN.md "Accounts and what is booked").
    const net = settlementNet(s, advance);
    for (const l of s.lines) {
      if (l.finalEntitlement !== null && advance.has(l.payeeCode)) {
        advance.set(l.payeeCode, (advance.get(l.payeeCode) ?? ZERO).minus(money(l.finalEntitlement)));
      }
    }
    for (const [payee, n] of net) {
      if (n.gt(0) || s.recoveryMode === 'INVOICE') {
        advance.set(payee, (advance.get(payee) ?? ZERO).plus(n));
      }
    }
    for (const r of inp.recoveries) {
      if (advance.has(r.municipalityCode) && r.action !== 'RECEIVED_RECEIVABLE') {
        // INVOICED moves the amount to the receivable; RECEIVED (cash against the advance) clears it.
        advance.set(r.municipalityCode, (advance.get(r.municipalityCode) ?? ZERO).minus(money(r.amount)));
      }
    }
    for (const [m, amount] of offsetsOut) {
      if (advance.has(m)) {
        advance.set(m, (advance.get(m) ?? ZERO).minus(amount));
      }
    }
  }
  // The receivable has no year: this year's open recoveries and every earlier year's.
  for (const year of [...(inp.earlierYears ?? []), { year: inp.scheme.year, settlement: s, recoveries: inp.recoveries }]) {
    for (const [m, open] of openReceivables(year, advance)) {
      receivable.set(m, (receivable.get(m) ?? ZERO).plus(open));
    }
  }
  return { current, committed, advance, beforeDetermination, receivable };
}

/** Per payee in scope, Σ (E_final − paid) over the settlement's lines with a final entitlement. */
function settlementNet(s: NonNullable<FrozenInputs['settlement']>, inScope: Map<string, unknown>): Map<string, Decimal> {
  const net = new Map<string, Decimal>();
  for (const l of s.lines) {
    if (l.finalEntitlement !== null && inScope.has(l.payeeCode)) {
      net.set(l.payeeCode, (net.get(l.payeeCode) ?? ZERO).plus(money(l.finalEntitlement)).minus(money(l.paid)));
    }
  }
  return net;
}

/**
 * What one scheme-year leaves open on the receivable, per municipality in scope: the recoveries a
 * settlement in INVOICE mode invoiced at once, plus recoveries invoiced later (after offsets), less
 * what was received against the receivable. Nothing without a finalised settlement.
 */
export function openReceivables(year: EarlierYear, inScope: Map<string, unknown>): Map<string, Decimal> {
  const open = new Map<string, Decimal>();
  if (year.settlement === null) {
    return open;
  }
  if (year.settlement.recoveryMode === 'INVOICE') {
    for (const [payee, n] of settlementNet(year.settlement, inScope)) {
      if (n.lt(0)) {
        open.set(payee, (open.get(payee) ?? ZERO).minus(n));
      }
    }
  }
  for (const r of year.recoveries) {
    if (!inScope.has(r.municipalityCode)) {
      continue;
    }
    const amount = money(r.amount);
    if (r.action === 'INVOICED') {
      open.set(r.municipalityCode, (open.get(r.municipalityCode) ?? ZERO).plus(amount));
    } else if (r.action === 'RECEIVED_RECEIVABLE') {
      open.set(r.municipalityCode, (open.get(r.municipalityCode) ?? ZERO).minus(amount));
    }
  }
  return open;
}

function diff(
  base: Omit<Difference, 'difference' | 'direction' | 'expected' | 'actual'>,
  expected: Decimal,
  actual: Decimal,
  scale: number,
): Difference {
  const d = actual.minus(expected);
  return {
    ...base,
    expected: fixed(expected, scale),
    actual: fixed(actual, scale),
    difference: fixed(d, scale),
    direction: d.gt(0) ? 'ACTUAL_HIGHER' : 'ACTUAL_LOWER',
  };
}

/**
 * What every check reads, computed once per run: the expected balances, the ledger's actual ones,
 * the tranche records indexed, and the rule that names a balance difference's cause.
 */
export interface Reconciling {
  inp: FrozenInputs;
  scale: number;
  schemeCode: string;
  year: number;
  exp: ReturnType<typeof expectations>;
  /** The account's net balance as frozen (zero when it has none). */
  bal(account: string): Decimal;
  causeFor(account: string, difference: Decimal, fallback: CauseCode): { cause: CauseCode; refs: string[] };
  dueBy: Map<string, FrozenInputs['advances']['due']>;
  paidIdx: Set<string>;
  suspended: Set<string>;
}

function prepare(inp: FrozenInputs): Reconciling {
  const actual = new Map(inp.ledger.balances.map((b) => [b.account, money(b.net)]));
  const broken = inp.ledger.chain.brokenAt;
  const tampered = new Set(broken?.accounts ?? []);
  /**
   * Why an account's balance differs: manual corrections that add up to exactly the difference
   * first, then a broken chain link touching the account, then any manual correction touching it.
   */
  const causeFor = (account: string, difference: Decimal, fallback: CauseCode): { cause: CauseCode; refs: string[] } => {
    const manual = inp.ledger.manualCorrections.filter((c) => c.account === account);
    if (manual.length > 0 && sum(manual.map((c) => money(c.net))).eq(difference)) {
      return { cause: 'MANUAL_CORRECTION', refs: manual.map((c) => c.transactionId) };
    }
    if (broken !== null && tampered.has(account)) {
      return { cause: 'JOURNAL_TAMPERED', refs: [broken.transactionId] };
    }
    if (manual.length > 0) {
      return { cause: 'MANUAL_CORRECTION', refs: manual.map((c) => c.transactionId) };
    }
    // A herindeling moved the balance on its date: the difference is the transfer, an expected one.
    const moved = (inp.ledger.mergerTransfers ?? []).filter((c) => c.account === account);
    if (moved.length > 0 && sum(moved.map((c) => money(c.net))).eq(difference)) {
      return { cause: 'MERGER_TRANSFER', refs: moved.map((c) => c.transactionId) };
    }
    return { cause: fallback, refs: [] };
  };
  const dueBy = new Map<string, FrozenInputs['advances']['due']>();
  for (const d of inp.advances.due) {
    dueBy.set(d.municipalityCode, [...(dueBy.get(d.municipalityCode) ?? []), d]);
  }
  return {
    inp,
    scale: inp.scheme.unitScale,
    schemeCode: inp.scheme.code,
    year: inp.scheme.year,
    exp: expectations(inp),
    bal: (account) => actual.get(account) ?? ZERO,
    causeFor,
    dueBy,
    paidIdx: new Set(inp.advances.payments.map((p) => `${p.municipalityCode}|${p.index}`)),
    suspended: new Set(inp.advances.suspended),
  };
}

/** One balance of a municipality compared with what its records say, the cause named by `causeFor`. */
function balanceCheck(
  r: Reconciling,
  c: { check: CheckCode; municipalityCode: string; account: string; expected: Decimal; detail: string; fallback?: CauseCode },
): Difference[] {
  const actual = r.bal(c.account);
  if (actual.eq(c.expected)) {
    return [];
  }
  const { cause, refs } = r.causeFor(c.account, actual.minus(c.expected), c.fallback ?? 'UNEXPLAINED');
  const base = {
    check: c.check,
    municipalityCode: c.municipalityCode,
    account: c.account,
    unit: 'EUR' as const,
    cause,
    detail: c.detail,
    refs,
  };
  return [diff(base, c.expected, actual, r.scale)];
}

/**
 * A named check: what it compares and the differences it finds. Per municipality checks run for
 * each municipality in scope, all of them for one municipality before the next; the others once
 * per run. Their differences count on a municipality's line when `countsOnLine` says so.
 */
export type ReconciliationCheck = { check: CheckCode; compares: string } & (
  | { per: 'municipality'; run: (r: Reconciling, municipalityCode: string) => Difference[] }
  | { per: 'run'; countsOnLine: boolean; run: (r: Reconciling) => Difference[] }
);

/**
 * The checks of a reconciliation run, in the order their differences are listed (and numbered:
 * the order is part of the output's hash). Like `LEDGER_CHECKS`, one entry per check.
 */
export const RECONCILIATION_CHECKS: readonly ReconciliationCheck[] = [
  {
    check: 'ALLOCATION_TOTAL',
    compares: 'a closed budget with Σ the lines of the current allocation run',
    per: 'run',
    countsOnLine: false,
    run: ({ inp, exp, scale }) => {
      if (!exp.current || inp.scheme.budgetMode !== 'CLOSED') {
        return [];
      }
      const total = sum(exp.current.lines.map((l) => money(l.amount)));
      if (total.eq(money(inp.scheme.budget))) {
        return [];
      }
      const base = {
        check: 'ALLOCATION_TOTAL' as const,
        municipalityCode: null,
        account: null,
        unit: 'EUR' as const,
        cause: 'UNEXPLAINED' as const,
        detail: `run ${exp.current.seq}: Σ lines vs budget`,
        refs: [exp.current.id],
      };
      return [diff(base, money(inp.scheme.budget), total, scale)];
    },
  },
  {
    check: 'COMMITTED_BALANCE',
    compares: "the committed account with minus the current decision's amount",
    per: 'municipality',
    run: (r, m) =>
      balanceCheck(r, {
        check: 'COMMITTED_BALANCE',
        municipalityCode: m,
        account: accountOf.committed(m, r.schemeCode, r.year),
        expected: r.exp.committed.get(m) ?? ZERO,
        detail: 'committed vs current decision',
      }),
  },
  {
    check: 'TRANCHES_PAID',
    compares: 'the tranches due by asOf with those paid (before the year is settled)',
    per: 'municipality',
    run: ({ inp, dueBy, paidIdx, suspended, schemeCode: s, year: y, scale }, m) => {
      if (inp.settlement !== null) {
        return [];
      }
      const unpaid = (dueBy.get(m) ?? []).filter((d) => !paidIdx.has(`${m}|${d.index}`) && money(d.amount).gt(0));
      if (unpaid.length === 0) {
        return [];
      }
      const expected = sum(unpaid.map((d) => money(d.amount)));
      const base = {
        check: 'TRANCHES_PAID' as const,
        municipalityCode: m,
        account: accountOf.advance(m, s, y),
        unit: 'EUR' as const,
        cause: 'ADVANCE_NOT_PAID' as const,
        detail: `tranches ${unpaid.map((d) => `${d.index} due ${d.dueDate}`).join(', ')} not paid${suspended.has(m) ? ' (advances suspended)' : ''}`,
        refs: unpaid.map((d) => `tranche:${s}:${y}:${m}:${d.index}`),
      };
      return [diff(base, expected, ZERO, scale)];
    },
  },
  {
    check: 'ADVANCE_BALANCE',
    compares: 'the advance account with the tranches paid, or with zero once settled',
    per: 'municipality',
    run: (r, m) => {
      const account = accountOf.advance(m, r.schemeCode, r.year);
      const settledNotBooked = r.inp.settlement !== null && r.bal(account).eq(r.exp.beforeDetermination.get(m) ?? ZERO);
      const detail = r.inp.settlement === null ? 'advance vs tranches paid' : 'advance vs settlement (zero once settled)';
      return balanceCheck(r, {
        check: 'ADVANCE_BALANCE',
        municipalityCode: m,
        account,
        expected: r.exp.advance.get(m) ?? ZERO,
        detail,
        fallback: settledNotBooked ? 'SETTLEMENT_NOT_BOOKED' : 'UNEXPLAINED',
      });
    },
  },
  {
    check: 'RECEIVABLE_BALANCE',
    compares: 'the receivable with the recoveries left open, of this and earlier years',
    per: 'municipality',
    run: (r, m) =>
      balanceCheck(r, {
        check: 'RECEIVABLE_BALANCE',
        municipalityCode: m,
        account: accountOf.receivable(m, r.schemeCode),
        expected: r.exp.receivable.get(m) ?? ZERO,
        detail: 'receivable vs open recoveries',
      }),
  },
  {
    check: 'REPORTED_VS_REGISTERED',
    compares: "each report's differences beyond tolerance (counts against registration, spending against funding)",
    per: 'run',
    countsOnLine: true,
    run: ({ inp, scale }) =>
      inp.reports.flatMap((rep) =>
        rep.differences
          .filter((x) => x.beyondTolerance)
          .map((d) => {
            const cause: CauseCode =
              d.check === 'SPENDING_EXCEEDS_FUNDING' || d.check === 'SPENDING_BELOW_ADVANCES' ? d.check : 'REPORTED_COUNT_DIFFERS';
            const isCount = cause === 'REPORTED_COUNT_DIFFERS';
            const base = {
              check: 'REPORTED_VS_REGISTERED' as const,
              municipalityCode: rep.municipalityCode,
              account: null,
              unit: isCount ? ('COUNT' as const) : ('EUR' as const),
              cause,
              detail: `report v${rep.version}${d.category ? ` ${d.category}${d.route ? `/${d.route}` : ''}` : ''}: reported vs expected`,
              refs: [rep.id],
            };
            return diff(base, money(d.expected), money(d.reported), isCount ? 6 : scale);
          }),
      ),
  },
  {
    check: 'TRIAL_BALANCE',
    compares: 'Σ debits − Σ credits of the whole journal with zero',
    per: 'run',
    countsOnLine: false,
    run: ({ inp }) => {
      const tb = money(inp.ledger.trialBalanceNet);
      if (tb.isZero()) {
        return [];
      }
      const base = {
        check: 'TRIAL_BALANCE' as const,
        municipalityCode: null,
        account: null,
        unit: 'EUR' as const,
        cause: inp.ledger.chain.brokenAt ? ('JOURNAL_TAMPERED' as const) : ('UNEXPLAINED' as const),
        detail: 'Σ debits − Σ credits of the whole journal',
        refs: [],
      };
      return [diff(base, ZERO, tb, 2)];
    },
  },
  {
    check: 'JOURNAL_CHAIN',
    compares: "the journal's hash chain as verified during the run (the first broken link)",
    per: 'run',
    countsOnLine: false,
    run: ({ inp }) => {
      const broken = inp.ledger.chain.brokenAt;
      if (broken === null) {
        return [];
      }
      // The municipality of the broken transaction, when it touches exactly one.
      const touched = [...new Set(broken.accounts.map((a) => /^municipality:([^:]+):/.exec(a)?.[1]).filter((x) => x !== undefined))];
      const municipality = touched.length === 1 ? (touched[0] ?? null) : null;
      return [
        {
          check: 'JOURNAL_CHAIN',
          municipalityCode: municipality,
          account: broken.accounts[0] ?? null,
          unit: 'EUR',
          expected: '0',
          actual: '0',
          difference: '0',
          direction: 'ACTUAL_LOWER',
          cause: 'JOURNAL_TAMPERED',
          detail: `${broken.problem} at sequence ${broken.sequence}; touches ${broken.accounts.join(', ')}`,
          refs: [broken.transactionId],
        },
      ];
    },
  },
];

/**
 * Runs the checks in table order; consecutive per-municipality checks run municipality by
 * municipality (all of one municipality's, then the next's). Returns the differences and, per
 * municipality, how many count on its line.
 */
function runChecks(r: Reconciling, checks: readonly ReconciliationCheck[]): { differences: Difference[]; counts: Map<string, number> } {
  const differences: Difference[] = [];
  const counts = new Map<string, number>();
  const count = (m: string, n: number) => counts.set(m, (counts.get(m) ?? 0) + n);
  for (let i = 0; i < checks.length;) {
    const check = checks[i] as ReconciliationCheck;
    if (check.per === 'run') {
      const found = check.run(r);
      differences.push(...found);
      if (check.countsOnLine) {
        found.forEach((d) => d.municipalityCode !== null && count(d.municipalityCode, 1));
      }
      i += 1;
      continue;
    }
    let end = i;
    while (end < checks.length && checks[end]?.per === 'municipality') {
      end += 1;
    }
    const group = checks.slice(i, end) as Extract<ReconciliationCheck, { per: 'municipality' }>[];
    for (const m of r.inp.municipalities) {
      const found = group.flatMap((c) => c.run(r, m));
      differences.push(...found);
      count(m, found.length);
    }
    i = end;
  }
  return { differences, counts };
}

/** Expected and actual balances of a municipality's three accounts, for its line. */
function municipalityLine(r: Reconciling, m: string, differences: number): MunicipalityLine {
  const { exp, scale, schemeCode: s, year: y } = r;
  return {
    municipalityCode: m,
    committedExpected: fixed(exp.committed.get(m) ?? ZERO, scale),
    committedActual: fixed(r.bal(accountOf.committed(m, s, y)), scale),
    advanceExpected: fixed(exp.advance.get(m) ?? ZERO, scale),
    advanceActual: fixed(r.bal(accountOf.advance(m, s, y)), scale),
    receivableExpected: fixed(exp.receivable.get(m) ?? ZERO, scale),
    receivableActual: fixed(r.bal(accountOf.receivable(m, s)), scale),
    differences,
  };
}

/**
 * Computes expected vs actual per municipality and account and every difference with its cause:
 * the checks of `RECONCILIATION_CHECKS`, then a line per municipality and the totals.
 */
export function reconcile(inp: FrozenInputs): ReconciliationOutput {
  const r = prepare(inp);
  const { differences, counts } = runChecks(r, RECONCILIATION_CHECKS);
  const lines = inp.municipalities.map((m) => municipalityLine(r, m, counts.get(m) ?? 0));
  const byCause: Record<string, number> = {};
  for (const d of differences) {
    byCause[d.cause] = (byCause[d.cause] ?? 0) + 1;
  }
  const total = (pick: (l: MunicipalityLine) => string) => fixed(sum(lines.map((l) => money(pick(l)))), r.scale);
  return {
    format: 'reconciliation-output/1',
    municipalities: lines,
    differences,
    totals: {
      committedExpected: total((l) => l.committedExpected),
      committedActual: total((l) => l.committedActual),
      advanceExpected: total((l) => l.advanceExpected),
      advanceActual: total((l) => l.advanceActual),
      receivableExpected: total((l) => l.receivableExpected),
      receivableActual: total((l) => l.receivableActual),
      differences: differences.length,
      byCause,
    },
  };
}

/** Canonical JSON, export-format variant (src/common/hashing, docs/export-format.md): keys sorted, no whitespace, strings for every amount. */
export const canonicalJson = canonicalJsonFinite;
export { sha256Hex };
export const hashInputs = (inputs: FrozenInputs): string => sha256Hex(canonicalJson(inputs));
export const hashOutput = (output: ReconciliationOutput): string => sha256Hex(canonicalJson(output));
