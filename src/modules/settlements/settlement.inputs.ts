import Decimal from 'decimal.js';
import { IsOptional, Length } from 'class-validator';
import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { MoneyScalar } from '../../common/graphql/decimal.scalar';
import { IsCalendarDate, IsMunicipalityCode, IsSchemeCode, IsSchemeYear } from '../../common/validation/input-rules';

export enum RecoveryModeEnum {
  OFFSET = 'OFFSET',
  INVOICE = 'INVOICE',
}
registerEnumType(RecoveryModeEnum, {
  name: 'RecoveryMode',
  description: "OFFSET: recoveries are taken off next year's tranches; INVOICE: invoiced at once",
});

@InputType()
export class DraftSettlementInput {
  @Field(() => String)
  @IsSchemeCode()
  schemeCode!: string;

  @Field(() => Int)
  @IsSchemeYear()
  year!: number;

  @Field(() => ID, { description: 'A DEFINITIVE or CORRECTION run of the scheme-year' })
  allocationRunId!: string;

  @Field(() => RecoveryModeEnum)
  recoveryMode!: RecoveryModeEnum;

  @Field(() => String, { nullable: true, description: 'Resolve successors as of this date; default max(today, 31 Dec of y+1)' })
  @IsOptional()
  @IsCalendarDate()
  payeeDate?: string | null;

  @Field(() => String)
  @Length(1, 200)
  idempotencyKey!: string;
}

@InputType()
export class FinaliseSettlementInput {
  @Field(() => ID)
  settlementId!: string;

  @Field(() => String)
  @Length(1, 200)
  idempotencyKey!: string;

  @Field(() => String, { nullable: true, description: 'Effective date of the bookings; default today' })
  @IsOptional()
  @IsCalendarDate()
  effectiveDate?: string | null;
}

@InputType()
export class RecoveryInput {
  @Field(() => String)
  @IsSchemeCode()
  schemeCode!: string;

  @Field(() => Int)
  @IsSchemeYear()
  year!: number;

  @Field(() => String)
  @IsMunicipalityCode()
  municipalityCode!: string;

  @Field(() => String)
  @Length(1, 200)
  idempotencyKey!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsCalendarDate()
  effectiveDate?: string | null;
}

@InputType()
export class RecoveryReceivedInput extends RecoveryInput {
  @Field(() => MoneyScalar)
  amount!: Decimal;
}
