import Decimal from 'decimal.js';
import { badInput, DomainError } from '../../common/errors/domain-error';
import { isCalendarDate, parseIsoDate } from '../../common/dates';
import { money, sum, toFixedScale } from '../../common/money/money';
import { parseAccount, tryParseAccount, type Direction, type ParsedAccount } from './account-address';
import { requestHash } from './journal-hash';
import { TRANSACTION_KINDS, type PostInput, type TransactionKind } from './ledger.model';

/** A posting request after validation: everything the writer needs, nothing left to check. */
export interface PreparedPosting {
  line: number;
  account: ParsedAccount;
  direction: Direction;
  /** Exactly two decimals. */
  amount: string;
}

export interface PreparedTransaction {
  readonly idempotencyKey: string;
  readonly kind: TransactionKind;
  readonly effectiveDate: string;
  readonly reason: string;
  readonly causeType: string | null;
  readonly causeId: string | null;
  readonly reversesId: string | null;
  readonly postings: PreparedPosting[];
  /** Made when first read (decision 1950). */
  readonly requestHash: string;
  /** 1-based position in the caller's batch, for error reports. */
  readonly line: number;
  /** Dotted input path of the key (`input.idempotencyKey`, `inputs[3].idempotencyKey`). */
  readonly keyField: string;
}

/** Largest amount numeric(18,2) holds. */
const MAX_AMOUNT = money('9999999999999999.99');

/** `value` as a required text of at most `max` characters; `field` names it in errors (made only for one). */
function text(value: unknown, field: () => string, max: number, line: number): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw badInput(field(), 'is required', { line });
  }
  if (value.length > max) {
    throw badInput(field(), `is longer than ${max} characters`, { line });
  }
  return value;
}

/** An amount's plain text that needs no further check: 1–16 integer digits, at most 2 decimals. */
const PLAIN_AMOUNT = /^\d{1,16}(?:\.\d{1,2})?$/;

function amountText(value: unknown, field: () => string, line: number): string {
  if (!(value instanceof Decimal)) {
    throw badInput(field(), 'must be a Decimal, never a number', { line });
  }
  // The usual amount in one toFixed and one test (decision 1950): positive (not all zeros), at most
  // MAX_AMOUNT (16 integer digits) and 2 decimals. Anything else takes the checks below, which name
  // the problem.
  const plain = value.toFixed();
  if (PLAIN_AMOUNT.test(plain) && /[1-9]/.test(plain)) {
    const dot = plain.indexOf('.');
    return dot < 0 ? `${plain}.00` : plain.length - dot === 2 ? `${plain}0` : plain;
  }
  if (!value.isFinite() || value.lte(0)) {
    throw badInput(field(), `must be greater than zero, got ${value.toFixed()}`, { line });
  }
  if (value.gt(MAX_AMOUNT)) {
    throw badInput(field(), 'is too large', { line });
  }
  if (value.decimalPlaces() > 2) {
    throw badInput(field(), `has more than 2 decimals: ${value.toFixed()}`, { line });
  }
  return toFixedScale(value, 2);
}

/**
 * Checks one posting request completely, before its rows are written: a refused request writes
 * nothing (an append in one round trip checks each as its row is pulled, decision 2140; every other
 * path before the database is touched). `prefix` names the input in errors (`input`, `inputs[3]`).
 */
export function prepareTransaction(
  input: PostInput,
  prefix: string,
  line: number,
  options: { allowReversal?: boolean; reversesId?: string | null } = {},
): PreparedTransaction {
  try {
    return prepare(input, prefix, line, options);
  } catch (error) {
    // Shared parsers (dates, addresses) do not know the batch line: add it.
    if (error instanceof DomainError && error.extensions.line === undefined) {
      const { code: _code, ...details } = error.extensions;
      throw new DomainError(error.code, error.message, { ...details, line });
    }
    throw error;
  }
}

function prepare(
  input: PostInput,
  prefix: string,
  line: number,
  options: { allowReversal?: boolean; reversesId?: string | null },
): PreparedTransaction {
  // Field names are made only for an error (decision 2130): a batch of 500 made some 6,000 of them.
  if (input === null || typeof input !== 'object') {
    throw badInput(prefix, 'is required', { line });
  }
  const idempotencyKey = text(input.idempotencyKey, () => `${prefix}.idempotencyKey`, 200, line);
  if (!(TRANSACTION_KINDS as readonly string[]).includes(input.kind)) {
    throw badInput(`${prefix}.kind`, `unknown kind ${String(input.kind)}`, { line });
  }
  if (input.kind === 'REVERSAL' && !options.allowReversal) {
    throw badInput(`${prefix}.kind`, 'REVERSAL is posted only by reverseTransaction', { line });
  }
  if (typeof input.effectiveDate !== 'string') {
    throw badInput(`${prefix}.effectiveDate`, 'is required', { line });
  }
  const effectiveDate = isCalendarDate(input.effectiveDate)
    ? input.effectiveDate
    : parseIsoDate(input.effectiveDate, `${prefix}.effectiveDate`);
  const reason = text(input.reason, () => `${prefix}.reason`, 2000, line);
  let causeType: string | null = null;
  let causeId: string | null = null;
  if (input.cause !== null && input.cause !== undefined) {
    causeType = text(input.cause.type, () => `${prefix}.cause.type`, 40, line);
    causeId = text(input.cause.id, () => `${prefix}.cause.id`, 200, line);
  }
  const given = input.postings;
  if (!Array.isArray(given) || given.length < 2) {
    throw badInput(`${prefix}.postings`, 'a transaction needs at least two postings', { line });
  }
  const postings: PreparedPosting[] = [];
  // In cents, exactly: every amount has two decimals here (amountText).
  let cents = 0n;
  for (let i = 0; i < given.length; i += 1) {
    const p = given[i];
    if (p === null || typeof p !== 'object') {
      throw badInput(`${prefix}.postings[${i}]`, 'is required', { line });
    }
    if (p.direction !== 'DEBIT' && p.direction !== 'CREDIT') {
      throw badInput(`${prefix}.postings[${i}].direction`, 'must be DEBIT or CREDIT', { line });
    }
    const address = typeof p.account === 'string' ? p.account : '';
    const account = tryParseAccount(address) ?? parseAccount(address, `${prefix}.postings[${i}].account`);
    const amount = amountText(p.amount, () => `${prefix}.postings[${i}].amount`, line);
    postings.push({ line: i + 1, account, direction: p.direction, amount });
    const c = BigInt(amount.replace('.', ''));
    cents += p.direction === 'DEBIT' ? c : -c;
  }
  if (cents !== 0n) {
    const debit = sum(postings.filter((p) => p.direction === 'DEBIT').map((p) => money(p.amount)));
    const credit = sum(postings.filter((p) => p.direction === 'CREDIT').map((p) => money(p.amount)));
    throw new DomainError('LEDGER_UNBALANCED', `${prefix}.postings: debits ${debit.toFixed(2)} differ from credits ${credit.toFixed(2)}`, {
      field: `${prefix}.postings`,
      line,
      debit: debit.toFixed(2),
      credit: credit.toFixed(2),
    });
  }
  return new Prepared(
    idempotencyKey,
    input.kind,
    effectiveDate,
    reason,
    causeType,
    causeId,
    options.reversesId ?? null,
    postings,
    line,
    prefix,
  );
}

/**
 * A validated transaction whose request hash is made when first read (decision 1950): the writer
 * reads them while the server answers the begin call, so the hashing overlaps the server's work
 * instead of delaying the transaction's start. Everything else is fixed at construction.
 */
class Prepared implements PreparedTransaction {
  #requestHash: string | undefined;

  constructor(
    readonly idempotencyKey: string,
    readonly kind: TransactionKind,
    readonly effectiveDate: string,
    readonly reason: string,
    readonly causeType: string | null,
    readonly causeId: string | null,
    readonly reversesId: string | null,
    readonly postings: PreparedPosting[],
    readonly line: number,
    private readonly prefix: string,
  ) {}

  get keyField(): string {
    return `${this.prefix}.idempotencyKey`;
  }

  get requestHash(): string {
    this.#requestHash ??= requestHash({
      kind: this.kind,
      effectiveDate: this.effectiveDate,
      reason: this.reason,
      causeType: this.causeType,
      causeId: this.causeId,
      reversesId: this.reversesId,
      postings: this.postings.map((p) => ({ account: p.account.address, direction: p.direction, amount: p.amount })),
    });
    return this.#requestHash;
  }
}
