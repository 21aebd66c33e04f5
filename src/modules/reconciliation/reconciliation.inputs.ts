import { Field, InputType, Int } from 'type-graphql';

@InputType()
export class StartReconciliationInput {
  @Field(() => String)
  schemeCode!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => Date, { nullable: true, description: 'Default now; never in the future' })
  asOf?: Date | null;

  @Field(() => [String], { nullable: true, description: 'Default: every municipality of the scheme-year' })
  municipalityCodes?: string[] | null;
}

@InputType()
export class ReconciliationRunFilter {
  @Field(() => String, { nullable: true })
  schemeCode?: string | null;

  @Field(() => Int, { nullable: true })
  year?: number | null;

  @Field(() => String, { nullable: true })
  status?: string | null;
}

@InputType()
export class ReconciliationDifferenceFilter {
  @Field(() => String, { nullable: true })
  cause?: string | null;

  @Field(() => String, { nullable: true })
  municipalityCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only differences with |difference| ≥ this (a decimal string)' })
  minimumAbsolute?: string | null;
}
