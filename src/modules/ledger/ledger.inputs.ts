import { Field, InputType } from 'type-graphql';
import type Decimal from 'decimal.js';
import { MoneyScalar } from '../../common/graphql/decimal.scalar';
import { IsCalendarDate, IsMunicipalityCode } from '../../common/validation/input-rules';

@InputType('LedgerAccountFilter')
export class LedgerAccountFilter {
  @Field(() => String, { nullable: true })
  @IsMunicipalityCode()
  municipalityCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Address prefix, e.g. "ministry:" or "municipality:GM0363:advance:"' })
  addressPrefix?: string | null;
}

@InputType('JournalTransactionFilter')
export class JournalTransactionFilter {
  @Field(() => String, { nullable: true, description: "Only transactions touching this municipality's accounts" })
  @IsMunicipalityCode()
  municipalityCode?: string | null;

  @Field(() => String, { nullable: true })
  kind?: string | null;

  @Field(() => String, { nullable: true, description: 'Effective date from (inclusive)' })
  @IsCalendarDate()
  from?: string | null;

  @Field(() => String, { nullable: true, description: 'Effective date to (inclusive)' })
  @IsCalendarDate()
  to?: string | null;

  @Field(() => String, { nullable: true })
  causeType?: string | null;

  @Field(() => String, { nullable: true })
  causeId?: string | null;
}

@InputType('ManualPostingInput')
export class ManualPostingInput {
  @Field(() => String)
  account!: string;

  @Field(() => String, { description: 'DEBIT or CREDIT' })
  direction!: string;

  @Field(() => MoneyScalar, { description: 'Positive, at most 2 decimals' })
  amount!: Decimal;
}

@InputType('ManualCorrectionInput')
export class ManualCorrectionInput {
  @Field(() => String, { description: 'Chosen by the client; a retry with the same key returns the same transaction' })
  idempotencyKey!: string;

  @Field(() => String)
  @IsCalendarDate()
  effectiveDate!: string;

  @Field(() => String, { description: 'Mandatory: why this correction is booked' })
  reason!: string;

  @Field(() => [ManualPostingInput])
  postings!: ManualPostingInput[];
}

@InputType('ReverseTransactionInput')
export class ReverseTransactionInput {
  @Field(() => String)
  transactionId!: string;

  @Field(() => String)
  idempotencyKey!: string;

  @Field(() => String, { description: 'Mandatory' })
  reason!: string;

  @Field(() => String, { nullable: true, description: "Defaults to the original's effective date" })
  @IsCalendarDate()
  effectiveDate?: string | null;
}
