import Decimal from 'decimal.js';
import { Money, ZERO, decimalsOf, money, sum, toFixedScale } from '../../common/money/money';
import { todayInAmsterdam } from '../../common/dates';
import { sha256Hex } from '../../common/hashing/canonical';
import { COUNT_FORMAT, MONEY_FORMAT, decimalProblem } from '../../common/money/decimal-format';

/**
 * Pure rules of the accountability report (verantwoording): line validation, the canonical
 * content hash, and the differences against registration and funding. No I/O, no clock.
 */

/**
 * The one lateness rule: a report is late when the calendar day of its submission moment, in
 * Europe/Amsterdam, is after the deadline (the deadline day itself, until 23:59:59 Dutch time, is on
 * time). Stored with the submission so that the flag and the moment shown can never disagree.
 */
export function submittedLate(submittedAt: Date, deadline: string): boolean {
  return todayInAmsterdam(submittedAt) > deadline;
}

export const CATEGORIES = ['ASIELSTATUSHOUDER', 'GEZINSMIGRANT', 'OVERIG'] as const;
export const ROUTES = ['B1', 'ONDERWIJSROUTE', 'Z_ROUTE'] as const;
/** Spending components of the SiSa annex for Wi2021. */
export const COMPONENTS = [
  'LANGUAGE_AND_INTEGRATION',
  'FINANCIEEL_ONTZORGEN',
  'PARTICIPATIEVERKLARINGSTRAJECT',
  'MODULE_ARBEIDSMARKT_EN_PARTICIPATIE',
  'IMPLEMENTATION_COSTS',
] as const;
export type Component = (typeof COMPONENTS)[number];

/** Which components are eligible spending per money stream (decision 0010). */
export const ELIGIBLE_COMPONENTS: Readonly<Record<string, readonly Component[]>> = {
  INTEGRATION_PROVISIONS: [
    'LANGUAGE_AND_INTEGRATION',
    'FINANCIEEL_ONTZORGEN',
    'PARTICIPATIEVERKLARINGSTRAJECT',
    'MODULE_ARBEIDSMARKT_EN_PARTICIPATIE',
  ],
  EDUCATION_ROUTE: ['LANGUAGE_AND_INTEGRATION'],
  IMPLEMENTATION_COSTS: ['IMPLEMENTATION_COSTS'],
};

export interface RawCountLine {
  category: string;
  route?: string | null;
  count: string;
  explanation?: string | null;
}

export interface RawExpenditureLine {
  component: string;
  amount: string;
  explanation?: string | null;
}

export interface RawAttachment {
  name: string;
  sha256: string;
}

export interface LineProblem {
  /** 1-based line within its list. */
  line: number;
  field: string;
  message: string;
}

export interface ValidatedContent {
  counts: { category: string; route: string | null; count: Decimal; explanation: string | null }[];
  expenditure: { component: Component; amount: Decimal; explanation: string | null }[];
  attachments: RawAttachment[];
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Validates every line and collects every problem (not just the first), each naming its field and
 * line, so a controller fixes a report in one pass.
 */
export function validateContent(
  input: { counts: RawCountLine[]; expenditure: RawExpenditureLine[]; attachments: RawAttachment[] },
  scheme: { unitScale: number; usesRoutes: boolean },
  prefix = 'input',
): { content: ValidatedContent; problems: LineProblem[] } {
  const problems: LineProblem[] = [];
  const content: ValidatedContent = { counts: [], expenditure: [], attachments: [] };
  const seenCounts = new Set<string>();
  input.counts.forEach((l, i) => {
    const field = (f: string) => `${prefix}.counts[${i}].${f}`;
    const line = i + 1;
    const before = problems.length;
    if (!(CATEGORIES as readonly string[]).includes(l.category)) {
      problems.push({ line, field: field('category'), message: `unknown category "${l.category}"; use ${CATEGORIES.join(', ')}` });
    }
    const route = l.route ?? null;
    if (route !== null && !(ROUTES as readonly string[]).includes(route)) {
      problems.push({ line, field: field('route'), message: `unknown route "${route}"; use ${ROUTES.join(', ')} or none` });
    } else if (route !== null && !scheme.usesRoutes) {
      problems.push({ line, field: field('route'), message: 'this scheme does not use routes; leave route empty' });
    }
    const countProblem = decimalProblem(l.count, { ...COUNT_FORMAT, nonNegative: true });
    if (countProblem !== null) {
      problems.push({ line, field: field('count'), message: countProblem });
    }
    const key = `${l.category}|${route ?? ''}`;
    if (seenCounts.has(key)) {
      problems.push({ line, field: field('category'), message: `category ${l.category}${route ? `/${route}` : ''} is reported twice` });
    }
    seenCounts.add(key);
    if (problems.length === before) {
      content.counts.push({ category: l.category, route, count: money(l.count), explanation: l.explanation ?? null });
    }
  });
  const seenComponents = new Set<string>();
  input.expenditure.forEach((l, i) => {
    const field = (f: string) => `${prefix}.expenditure[${i}].${f}`;
    const line = i + 1;
    const before = problems.length;
    if (!(COMPONENTS as readonly string[]).includes(l.component)) {
      problems.push({ line, field: field('component'), message: `unknown component "${l.component}"; use ${COMPONENTS.join(', ')}` });
    }
    const amountProblem = decimalProblem(l.amount, { ...MONEY_FORMAT, nonNegative: true });
    if (amountProblem !== null) {
      problems.push({ line, field: field('amount'), message: amountProblem });
    } else if (decimalsOf(l.amount) > scheme.unitScale) {
      problems.push({
        line,
        field: field('amount'),
        message: `"${l.amount}" has more decimals than the scheme's unit (${scheme.unitScale === 0 ? 'whole euros, such as "1234"' : 'cents'})`,
      });
    }
    if (seenComponents.has(l.component)) {
      problems.push({ line, field: field('component'), message: `component ${l.component} is reported twice` });
    }
    seenComponents.add(l.component);
    if (problems.length === before) {
      content.expenditure.push({ component: l.component as Component, amount: money(l.amount), explanation: l.explanation ?? null });
    }
  });
  input.attachments.forEach((a, i) => {
    const line = i + 1;
    if (a.name.trim() === '' || a.name.length > 200) {
      problems.push({ line, field: `${prefix}.attachments[${i}].name`, message: 'a name of 1 to 200 characters is required' });
    }
    if (!SHA256.test(a.sha256)) {
      problems.push({ line, field: `${prefix}.attachments[${i}].sha256`, message: 'the SHA-256 of the document, 64 lowercase hex digits' });
    }
    content.attachments.push({ name: a.name, sha256: a.sha256 });
  });
  return { content, problems };
}

/** SHA-256 over a canonical serialisation of what was submitted (fixed order, fixed scales). */
export function contentHash(
  header: { municipalityCode: string; schemeCode: string; year: number; version: number; periodStart: string; periodEnd: string },
  content: ValidatedContent,
  unitScale: number,
): string {
  const canonical = {
    municipalityCode: header.municipalityCode,
    schemeCode: header.schemeCode,
    year: header.year,
    version: header.version,
    periodStart: header.periodStart,
    periodEnd: header.periodEnd,
    counts: [...content.counts]
      .sort((a, b) => `${a.category}|${a.route ?? ''}`.localeCompare(`${b.category}|${b.route ?? ''}`))
      .map((c) => [c.category, c.route, c.count.toFixed(6), c.explanation]),
    expenditure: [...content.expenditure]
      .sort((a, b) => a.component.localeCompare(b.component))
      .map((e) => [e.component, toFixedScale(e.amount, unitScale), e.explanation]),
    attachments: [...content.attachments].sort((a, b) => a.sha256.localeCompare(b.sha256)).map((a) => [a.name, a.sha256]),
  };
  return sha256Hex(JSON.stringify(canonical));
}

export interface Tolerance {
  /** A difference within |absolute| OR within |relative × expected| is tolerated. */
  absolute: Decimal;
  relative: Decimal;
}

export type DifferenceCheck = 'REPORTED_COUNT_DIFFERS' | 'SPENDING_EXCEEDS_FUNDING' | 'SPENDING_BELOW_ADVANCES';

export interface Difference {
  check: DifferenceCheck;
  category: string | null;
  route: string | null;
  reported: Decimal;
  expected: Decimal;
  /** reported − expected. */
  difference: Decimal;
  /** difference / expected, unrounded; null when expected is zero. */
  relative: Decimal | null;
  beyondTolerance: boolean;
}

/**
 * Within tolerance when |difference| ≤ absolute, or expected ≠ 0 and |difference| ≤ relative ×
 * |expected|. Both bounds are inclusive (decision 0011).
 */
export function withinTolerance(difference: Decimal, expected: Decimal, tolerance: Tolerance): boolean {
  const size = difference.abs();
  if (size.lte(tolerance.absolute)) {
    return true;
  }
  return !expected.isZero() && size.lte(tolerance.relative.times(expected.abs()));
}

interface DifferenceInput {
  check: DifferenceCheck;
  reported: Decimal;
  expected: Decimal;
  tolerance: Tolerance;
  /** Count differences name their category and route; money differences have neither. */
  category?: string | null;
  route?: string | null;
}

function difference({ check, reported, expected, tolerance, category = null, route = null }: DifferenceInput): Difference {
  const diff = reported.minus(expected);
  return {
    check,
    category,
    route,
    reported,
    expected,
    difference: diff,
    relative: expected.isZero() ? null : diff.div(expected),
    beyondTolerance: !withinTolerance(diff, expected, tolerance),
  };
}

/** Reported counts against REGISTERED counts, per category (and route); a key missing on one side counts as zero. */
export function countDifferences(
  reported: readonly { category: string; route: string | null; count: Decimal }[],
  registered: readonly { category: string; route: string | null; value: Decimal }[],
  tolerance: Tolerance,
): Difference[] {
  const key = (c: string, r: string | null) => `${c}|${r ?? ''}`;
  const rep = new Map(reported.map((r) => [key(r.category, r.route), r.count]));
  const reg = new Map<string, Decimal>();
  for (const r of registered) {
    reg.set(key(r.category, r.route), (reg.get(key(r.category, r.route)) ?? ZERO).plus(r.value));
  }
  const keys = [...new Set([...rep.keys(), ...reg.keys()])].sort();
  return keys
    .map((k) => {
      const [category = '', route = ''] = k.split('|');
      return difference({
        check: 'REPORTED_COUNT_DIFFERS',
        reported: rep.get(k) ?? ZERO,
        expected: reg.get(k) ?? ZERO,
        tolerance,
        category,
        route: route === '' ? null : route,
      });
    })
    .filter((d) => !d.difference.isZero());
}

/** Eligible spending of a report for a money stream. */
export function eligibleSpending(expenditure: readonly { component: string; amount: Decimal }[], stream: string): Decimal {
  const eligible = ELIGIBLE_COMPONENTS[stream] ?? [];
  return sum(expenditure.filter((e) => (eligible as readonly string[]).includes(e.component)).map((e) => e.amount));
}

/**
 * Spending against funding: above the current entitlement is SPENDING_EXCEEDS_FUNDING; below the
 * advances already paid is SPENDING_BELOW_ADVANCES (the unspent part will come back on a
 * spending-based settlement). Recorded only when there is a difference in that direction.
 */
export function spendingDifferences(
  spending: Decimal,
  entitlement: Decimal | null,
  advancesPaid: Decimal,
  tolerance: Tolerance,
): Difference[] {
  const out: Difference[] = [];
  if (entitlement !== null && spending.gt(entitlement)) {
    out.push(difference({ check: 'SPENDING_EXCEEDS_FUNDING', reported: spending, expected: entitlement, tolerance }));
  }
  if (spending.lt(advancesPaid)) {
    out.push(difference({ check: 'SPENDING_BELOW_ADVANCES', reported: spending, expected: advancesPaid, tolerance }));
  }
  return out;
}

export const DEFAULT_TOLERANCE = {
  counts: { absolute: new Money('0.5'), relative: new Money('0.02') },
  amounts: { absolute: new Money('1000'), relative: new Money('0.01') },
} as const;
