import Decimal from 'decimal.js';
import { DecimalScalar } from '../../common/graphql/decimal.scalar';
import { Field, InputType, Int } from 'type-graphql';
import { IsMunicipalityCode, IsNonNegativeDecimal, IsSchemeCode, IsSchemeYear } from '../../common/validation/input-rules';

@InputType()
export class StartReconciliationInput {
  @Field(() => String)
  @IsSchemeCode()
  schemeCode!: string;

  @Field(() => Int)
  @IsSchemeYear()
  year!: number;

  @Field(() => Date, { nullable: true, description: 'Default now; never in the future' })
  asOf?: Date | null;

  @Field(() => [String], { nullable: true, description: 'Default: every municipality of the scheme-year' })
  @IsMunicipalityCode({ each: true })
  municipalityCodes?: string[] | null;
}

@InputType()
export class ReconciliationRunFilter {
  @Field(() => String, { nullable: true })
  @IsSchemeCode()
  schemeCode?: string | null;

  @Field(() => Int, { nullable: true })
  @IsSchemeYear()
  year?: number | null;

  @Field(() => String, { nullable: true })
  status?: string | null;
}

@InputType()
export class ReconciliationDifferenceFilter {
  @Field(() => String, { nullable: true })
  cause?: string | null;

  @Field(() => String, { nullable: true })
  @IsMunicipalityCode()
  municipalityCode?: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Only differences with |difference| ≥ this (an amount, or a count for count differences)',
  })
  @IsNonNegativeDecimal()
  minimumAbsolute?: Decimal | null;
}
