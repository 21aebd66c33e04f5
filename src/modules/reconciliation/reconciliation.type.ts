import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../common/graphql/connection';

export enum ReconciliationExportFormat {
  CSV = 'CSV',
  CSV_NL = 'CSV_NL',
  XLSX = 'XLSX',
  JSON = 'JSON',
}
registerEnumType(ReconciliationExportFormat, {
  name: 'ReconciliationExportFormat',
  description: 'CSV (RFC 4180), CSV_NL (";" and a decimal comma), XLSX (one sheet per section) or JSON; always a zip with a manifest',
});

@ObjectType('ReconciliationRun', { description: 'A reconciliation run of a scheme-year as of a moment (read-only once finished)' })
export class ReconciliationRun {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  schemeCode!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => Date, { description: 'The ledger and the records are read as recorded at this moment' })
  asOf!: Date;

  @Field(() => [String], { nullable: true, description: 'The municipalities asked for; null = all' })
  municipalityCodes!: string[] | null;

  @Field(() => String, { description: 'QUEUED, RUNNING, SUCCEEDED or FAILED' })
  status!: string;

  @Field(() => Int, { description: 'Municipalities done' })
  progressDone!: number;

  @Field(() => Int, { description: 'Municipalities in the run (0 until known)' })
  progressTotal!: number;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Int, { nullable: true })
  durationMs!: number | null;

  @Field(() => String, { nullable: true })
  error!: string | null;

  @Field(() => String, { nullable: true, description: 'SHA-256 of the canonical frozen inputs' })
  inputHash!: string | null;

  @Field(() => String, { nullable: true, description: 'SHA-256 of the canonical output' })
  outputHash!: string | null;

  @Field(() => String, { nullable: true })
  journalHeadHash!: string | null;

  @Field(() => String, { nullable: true })
  journalHeadSequence!: string | null;

  @Field(() => Int, { nullable: true })
  differenceCount!: number | null;

  @Field(() => String, { nullable: true, description: 'Totals of the output (canonical JSON)' })
  totals!: string | null;

  @Field(() => String)
  createdBy!: string;

  @Field(() => Date)
  createdAt!: Date;
}

export const ReconciliationRunConnection = ConnectionType(ReconciliationRun, 'ReconciliationRun');

@ObjectType('ReconciliationDifference', { description: 'One difference found by a run: expected, actual, and why' })
export class ReconciliationDifference {
  @Field(() => Int, { description: 'Position within the run (1-based)' })
  ordinal!: number;

  @Field(() => String)
  check!: string;

  @Field(() => String, { nullable: true })
  municipalityCode!: string | null;

  @Field(() => String, { nullable: true })
  account!: string | null;

  @Field(() => String, { description: 'EUR (net balance, debit − credit) or COUNT (persons)' })
  unit!: string;

  @Field(() => String)
  expected!: string;

  @Field(() => String)
  actual!: string;

  @Field(() => String, { description: 'actual − expected' })
  difference!: string;

  @Field(() => String, { description: 'ACTUAL_HIGHER or ACTUAL_LOWER' })
  direction!: string;

  @Field(() => String, {
    description:
      'ADVANCE_NOT_PAID, SETTLEMENT_NOT_BOOKED, REPORTED_COUNT_DIFFERS, SPENDING_EXCEEDS_FUNDING, MANUAL_CORRECTION, JOURNAL_TAMPERED, MERGER_TRANSFER, UNEXPLAINED, ...',
  })
  cause!: string;

  @Field(() => String)
  detail!: string;

  @Field(() => [String], { description: 'Transactions, reports, runs or tranches behind it' })
  refs!: string[];
}

export const ReconciliationDifferenceConnection = ConnectionType(ReconciliationDifference, 'ReconciliationDifference');

@ObjectType('TrailPosting')
export class TrailPosting {
  @Field(() => Int, { description: '1-based position in its transaction' })
  line!: number;

  @Field(() => String)
  account!: string;

  @Field(() => String)
  direction!: string;

  @Field(() => String)
  amount!: string;
}

@ObjectType('TrailTransaction', { description: 'A ledger transaction touching the difference, recorded by the run asOf' })
export class TrailTransaction {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  sequence!: string;

  @Field(() => String)
  kind!: string;

  @Field(() => String)
  effectiveDate!: string;

  @Field(() => String)
  recordedAt!: string;

  @Field(() => String)
  reason!: string;

  @Field(() => String, { nullable: true })
  causeType!: string | null;

  @Field(() => String, { nullable: true })
  causeId!: string | null;

  @Field(() => String)
  hash!: string;

  @Field(() => [TrailPosting], { description: 'Every posting the caller may see (an allocation posts to every municipality)' })
  postings!: TrailPosting[];

  @Field(() => Int, { description: 'How many postings `postings` holds' })
  postingCount!: number;

  @Field(() => [TrailPosting], {
    description:
      'The postings the trail shows: those on the difference’s account (without one: on the municipality’s own accounts); none of those: the first',
  })
  shownPostings!: TrailPosting[];
}

export const TrailTransactionConnection = ConnectionType(TrailTransaction, 'TrailTransaction');

@ObjectType('ReconciliationDifferenceTrail')
export class ReconciliationDifferenceTrail {
  @Field(() => ReconciliationDifference)
  difference!: ReconciliationDifference;

  /** The frozen inputs behind the difference, read when asked (field `inputs` of the trail resolver). */
  inputs!: () => Promise<string[]>;

  /** What `transactions` and `transactionPage` read (not a field): the municipality, account, refs and the run's asOf. */
  source!: TrailSource | null;
}

/** Which transactions a trail shows: of the municipality's, those recorded by `recordedBy` on `account` or named in `refs`. */
export interface TrailSource {
  municipalityCode: string;
  account: string | null;
  refs: string[];
  recordedBy: Date;
}

@ObjectType('ReconciliationReproduction', { description: 'A recomputation of a run from its stored inputs' })
export class ReconciliationReproduction {
  @Field(() => ID)
  runId!: string;

  @Field(() => String)
  inputHash!: string;

  @Field(() => String)
  outputHash!: string;

  @Field(() => Boolean, { description: 'Both hashes equal the run’s' })
  matches!: boolean;

  @Field(() => String)
  reproducedBy!: string;

  @Field(() => Date)
  reproducedAt!: Date;
}

@ObjectType('ReconciliationExport')
export class ReconciliationExport {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  runId!: string;

  @Field(() => ReconciliationExportFormat)
  format!: ReconciliationExportFormat;

  @Field(() => String)
  exportedBy!: string;

  @Field(() => Date)
  exportedAt!: Date;

  @Field(() => String, { description: 'GET it with the same bearer token: a zip (docs/export-format.md)' })
  downloadPath!: string;
}
