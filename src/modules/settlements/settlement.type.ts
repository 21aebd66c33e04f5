import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Tranche } from '../advances';

export enum SettlementStatus {
  DRAFT = 'DRAFT',
  FINALISED = 'FINALISED',
  REPLACED = 'REPLACED',
}
registerEnumType(SettlementStatus, {
  name: 'SettlementStatus',
  description: 'DRAFT until a second officer finalises it; REPLACED once a correction is finalised',
});

@ObjectType('SettlementLine', { description: 'One municipality as it existed in the year: E_i(final) − Σ paid = S_i' })
export class SettlementLineType {
  @Field(() => String)
  municipalityCode!: string;

  @Field(() => String, { description: 'Who pays or receives: the municipality or its successor' })
  payeeCode!: string;

  @Field(() => String, { description: 'SETTLED or AWAITING_REPORT (no accepted accountability report yet: not booked)' })
  status!: string;

  @Field(() => String, { description: 'E_i of the final run' })
  countBased!: string;

  @Field(() => String, { nullable: true })
  acceptedSpending!: string | null;

  @Field(() => String, { nullable: true })
  finalEntitlement!: string | null;

  @Field(() => String, { description: 'Σ tranches paid (cash and offset)' })
  paid!: string;

  @Field(() => String, { nullable: true, description: 'Positive: additional payment; negative: recovery' })
  amount!: string | null;

  @Field(() => [String], { description: 'Line-by-line explanation' })
  explanation!: string[];
}

@ObjectType('SettlementPayee', { description: "A payee's lines netted into one payment or recovery" })
export class SettlementPayee {
  @Field(() => String)
  payeeCode!: string;

  @Field(() => [String])
  municipalityCodes!: string[];

  @Field(() => String)
  net!: string;

  @Field(() => String, { description: 'PAYMENT, RECOVERY or NONE' })
  direction!: string;
}

@ObjectType('Settlement', { description: 'Settlement (vaststelling en verrekening) of a scheme-year' })
export class SettlementType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  schemeCode!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => ID)
  allocationRunId!: string;

  @Field(() => String, { description: 'OFFSET (against next year) or INVOICE' })
  recoveryMode!: string;

  @Field(() => SettlementStatus)
  status!: SettlementStatus;

  @Field(() => ID, { nullable: true })
  replacesId!: string | null;

  @Field(() => String)
  payeeDate!: string;

  @Field(() => String)
  inputsHash!: string;

  @Field(() => String)
  preparedBy!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => String, { nullable: true })
  approvedBy!: string | null;

  @Field(() => Date, { nullable: true })
  finalisedAt!: Date | null;

  @Field(() => String, { nullable: true })
  effectiveDate!: string | null;

  @Field(() => [ID])
  transactionIds!: string[];

  @Field(() => [ID])
  reversalTransactionIds!: string[];

  @Field(() => String, { description: 'Σ final entitlements (visible lines)' })
  totalFinalEntitlement!: string;

  @Field(() => String, { description: 'Σ settlement amounts (visible lines)' })
  totalAmount!: string;

  @Field(() => [SettlementLineType], { description: 'Controllers see their own lines (and those they are payee of)' })
  lines!: SettlementLineType[];

  @Field(() => [SettlementPayee])
  payees!: SettlementPayee[];
}

@ObjectType('SettlementOutcome')
export class SettlementOutcome {
  @Field(() => SettlementType)
  settlement!: SettlementType;

  @Field(() => Boolean)
  replayed!: boolean;
}

@ObjectType('SettlementRecovery')
export class SettlementRecoveryType {
  @Field(() => String)
  idempotencyKey!: string;

  @Field(() => String)
  schemeCode!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => String)
  municipalityCode!: string;

  @Field(() => String, { description: 'INVOICED or RECEIVED' })
  action!: string;

  @Field(() => String)
  amount!: string;

  @Field(() => ID)
  transactionId!: string;

  @Field(() => Date)
  recordedAt!: Date;
}

@ObjectType('OverrunLine', { simpleResolvers: true })
export class OverrunLine {
  @Field(() => String)
  municipalityCode!: string;

  @Field(() => String)
  entitlement!: string;

  @Field(() => String, { nullable: true, description: 'After a pro-rata cut (only in an overrun)' })
  afterCut!: string | null;

  @Field(() => String, { nullable: true })
  reduction!: string | null;
}

@ObjectType('OverrunView', { description: 'Σ final entitlements against the budget (DOMAIN.md Calculation 9)' })
export class OverrunViewType {
  @Field(() => String)
  schemeCode!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => ID)
  allocationRunId!: string;

  @Field(() => ID, { nullable: true, description: 'When given, final entitlements come from this settlement' })
  settlementId!: string | null;

  @Field(() => String)
  budget!: string;

  @Field(() => String)
  total!: string;

  @Field(() => String, { description: 'Σ E − B; negative is an underrun' })
  overrun!: string;

  @Field(() => String, { description: 'Overrun in % of B, 2 decimals' })
  percentage!: string;

  @Field(() => [OverrunLine], { description: 'Controllers see their own line only' })
  lines!: OverrunLine[];
}

@ObjectType('AdvancePlanVersionLine', { description: "One plan version's figures for one municipality" })
export class AdvancePlanVersionLine {
  @Field(() => Int)
  version!: number;

  @Field(() => ID)
  planId!: string;

  @Field(() => ID)
  allocationRunId!: string;

  @Field(() => String)
  reason!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => String)
  advanceRate!: string;

  @Field(() => String)
  entitlement!: string;

  @Field(() => String)
  advance!: string;

  @Field(() => String)
  paid!: string;

  @Field(() => String)
  excess!: string;
}

@ObjectType('StatementOffset', { description: "A tranche of the next year paid (partly) by offset against this year's recovery" })
export class StatementOffset {
  @Field(() => Int)
  year!: number;

  @Field(() => Int)
  index!: number;

  @Field(() => String)
  dueDate!: string;

  @Field(() => String)
  offset!: string;

  @Field(() => String)
  cash!: string;
}

@ObjectType('MunicipalityAdvanceStatement', { description: "A municipality's advances and settlement for a scheme-year, explained" })
export class MunicipalityAdvanceStatement {
  @Field(() => String)
  schemeCode!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => String)
  municipalityCode!: string;

  @Field(() => Boolean)
  suspended!: boolean;

  @Field(() => [AdvancePlanVersionLine], { description: 'History of the advance, oldest first' })
  plans!: AdvancePlanVersionLine[];

  @Field(() => [String], { description: 'The forecast advanced on: the current plan run, term by term' })
  forecastBasis!: string[];

  @Field(() => [Tranche], { description: 'Tranches of the current plan: paid, planned, suspended or cancelled' })
  tranches!: Tranche[];

  @Field(() => String)
  totalPaid!: string;

  @Field(() => String)
  totalPlanned!: string;

  @Field(() => [SettlementType], { description: "Draft, final and replaced settlements with this municipality's lines" })
  settlements!: SettlementType[];

  @Field(() => [StatementOffset])
  offsets!: StatementOffset[];

  @Field(() => [String], { description: 'Line-by-line explanation' })
  explanation!: string[];
}
