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

/** Computes expected vs actual per municipality and account and every difference with its cause. */
export function reconcile(inp: FrozenInputs): ReconciliationOutput {
  const scale = inp.scheme.unitScale;
  const { code: s, year: y } = inp.scheme;
  const exp = expectations(inp);
  const actual = new Map(inp.ledger.balances.map((b) => [b.account, money(b.net)]));
  const bal = (account: string) => actual.get(account) ?? ZERO;
  const broken = inp.ledger.chain.brokenAt;
  const tampered = new Set(broken?.accounts ?? []);
  const differences: Difference[] = [];

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

  if (exp.current && inp.scheme.budgetMode === 'CLOSED') {
    const total = sum(exp.current.lines.map((l) => money(l.amount)));
    if (!total.eq(money(inp.scheme.budget))) {
      differences.push(
        diff(
          {
            check: 'ALLOCATION_TOTAL',
            municipalityCode: null,
            account: null,
            unit: 'EUR',
            cause: 'UNEXPLAINED',
            detail: `run ${exp.current.seq}: Σ lines vs budget`,
            refs: [exp.current.id],
          },
          money(inp.scheme.budget),
          total,
          scale,
        ),
      );
    }
  }

  const dueBy = new Map<string, FrozenInputs['advances']['due']>();
  for (const d of inp.advances.due) {
    dueBy.set(d.municipalityCode, [...(dueBy.get(d.municipalityCode) ?? []), d]);
  }
  const paidIdx = new Set(inp.advances.payments.map((p) => `${p.municipalityCode}|${p.index}`));
  const suspended = new Set(inp.advances.suspended);
  const counts = new Map<string, number>();
  const lines: MunicipalityLine[] = [];

  for (const m of inp.municipalities) {
    const before = differences.length;
    const committedAccount = accountOf.committed(m, s, y);
    const advanceAccount = accountOf.advance(m, s, y);
    const receivableAccount = accountOf.receivable(m, s);
    const ce = exp.committed.get(m) ?? ZERO;
    const ae = exp.advance.get(m) ?? ZERO;
    const re = exp.receivable.get(m) ?? ZERO;
    const ca = bal(committedAccount);
    const aa = bal(advanceAccount);
    const ra = bal(receivableAccount);

    if (!ca.eq(ce)) {
      const { cause, refs } = causeFor(committedAccount, ca.minus(ce), 'UNEXPLAINED');
      differences.push(
        diff(
          {
            check: 'COMMITTED_BALANCE',
            municipalityCode: m,
            account: committedAccount,
            unit: 'EUR',
            cause,
            detail: 'committed vs current decision',
            refs,
          },
          ce,
          ca,
          scale,
        ),
      );
    }
    if (inp.settlement === null) {
      const unpaid = (dueBy.get(m) ?? []).filter((d) => !paidIdx.has(`${m}|${d.index}`) && money(d.amount).gt(0));
      if (unpaid.length > 0) {
        const expected = sum(unpaid.map((d) => money(d.amount)));
        differences.push(
          diff(
            {
              check: 'TRANCHES_PAID',
              municipalityCode: m,
              account: advanceAccount,
              unit: 'EUR',
              cause: 'ADVANCE_NOT_PAID',
              detail: `tranches ${unpaid.map((d) => `${d.index} due ${d.dueDate}`).join(', ')} not paid${suspended.has(m) ? ' (advances suspended)' : ''}`,
              refs: unpaid.map((d) => `tranche:${s}:${y}:${m}:${d.index}`),
            },
            expected,
            ZERO,
            scale,
          ),
        );
      }
    }
    if (!aa.eq(ae)) {
      const settledNotBooked = inp.settlement !== null && aa.eq(exp.beforeDetermination.get(m) ?? ZERO);
      const { cause, refs } = causeFor(advanceAccount, aa.minus(ae), settledNotBooked ? 'SETTLEMENT_NOT_BOOKED' : 'UNEXPLAINED');
      const detail = inp.settlement === null ? 'advance vs tranches paid' : 'advance vs settlement (zero once settled)';
      differences.push(
        diff({ check: 'ADVANCE_BALANCE', municipalityCode: m, account: advanceAccount, unit: 'EUR', cause, detail, refs }, ae, aa, scale),
      );
    }
    if (!ra.eq(re)) {
      const { cause, refs } = causeFor(receivableAccount, ra.minus(re), 'UNEXPLAINED');
      differences.push(
        diff(
          {
            check: 'RECEIVABLE_BALANCE',
            municipalityCode: m,
            account: receivableAccount,
            unit: 'EUR',
            cause,
            detail: 'receivable vs open recoveries',
            refs,
          },
          re,
          ra,
          scale,
        ),
      );
    }
    counts.set(m, differences.length - before);
    lines.push({
      municipalityCode: m,
      committedExpected: fixed(ce, scale),
      committedActual: fixed(ca, scale),
      advanceExpected: fixed(ae, scale),
      advanceActual: fixed(aa, scale),
      receivableExpected: fixed(re, scale),
      receivableActual: fixed(ra, scale),
      differences: 0,
    });
  }

  for (const r of inp.reports) {
    for (const d of r.differences.filter((x) => x.beyondTolerance)) {
      const cause: CauseCode =
        d.check === 'SPENDING_EXCEEDS_FUNDING' || d.check === 'SPENDING_BELOW_ADVANCES' ? d.check : 'REPORTED_COUNT_DIFFERS';
      const isCount = cause === 'REPORTED_COUNT_DIFFERS';
      differences.push(
        diff(
          {
            check: 'REPORTED_VS_REGISTERED',
            municipalityCode: r.municipalityCode,
            account: null,
            unit: isCount ? 'COUNT' : 'EUR',
            cause,
            detail: `report v${r.version}${d.category ? ` ${d.category}${d.route ? `/${d.route}` : ''}` : ''}: reported vs expected`,
            refs: [r.id],
          },
          money(d.expected),
          money(d.reported),
          isCount ? 6 : scale,
        ),
      );
      counts.set(r.municipalityCode, (counts.get(r.municipalityCode) ?? 0) + 1);
    }
  }

  const tb = money(inp.ledger.trialBalanceNet);
  if (!tb.isZero()) {
    differences.push(
      diff(
        {
          check: 'TRIAL_BALANCE',
          municipalityCode: null,
          account: null,
          unit: 'EUR',
          cause: broken ? 'JOURNAL_TAMPERED' : 'UNEXPLAINED',
          detail: 'Σ debits − Σ credits of the whole journal',
          refs: [],
        },
        ZERO,
        tb,
        2,
      ),
    );
  }
  if (broken !== null) {
    // The municipality of the broken transaction, when it touches exactly one.
    const touched = [...new Set(broken.accounts.map((a) => /^municipality:([^:]+):/.exec(a)?.[1]).filter((x) => x !== undefined))];
    const municipality = touched.length === 1 ? (touched[0] ?? null) : null;
    differences.push({
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
    });
  }

  for (const l of lines) {
    l.differences = counts.get(l.municipalityCode) ?? 0;
  }
  const byCause: Record<string, number> = {};
  for (const d of differences) {
    byCause[d.cause] = (byCause[d.cause] ?? 0) + 1;
  }
  const total = (pick: (l: MunicipalityLine) => string) => fixed(sum(lines.map((l) => money(pick(l)))), scale);
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
