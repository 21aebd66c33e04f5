import { Field, InputType } from 'type-graphql';
import { ArrayMaxSize, IsBoolean, IsOptional, Length, Matches } from 'class-validator';
import { IsCalendarDate, IsMunicipalityCode } from '../../common/validation/input-rules';

@InputType()
export class MunicipalityFilter {
  @Field(() => String, { nullable: true, description: 'Province code, e.g. PV27' })
  @IsOptional()
  @Matches(/^PV\d{2}$/, { message: 'provinceCode must be PV + 2 digits' })
  provinceCode?: string;

  @Field(() => String, { nullable: true, description: 'Part of the name or code, case-insensitive' })
  @IsOptional()
  @Length(1, 100)
  search?: string;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(400)
  @IsMunicipalityCode({ each: true })
  codes?: string[];

  @Field(() => String, { nullable: true, description: 'Only municipalities that exist on this date (YYYY-MM-DD)' })
  @IsOptional()
  @IsCalendarDate()
  existingOn?: string;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Also list municipalities dissolved by a merger before today (the whole register). Without it and without existingOn, only those that have not ended are listed',
  })
  @IsOptional()
  @IsBoolean()
  includeEnded?: boolean;
}

@InputType()
export class RegisterMergerInput {
  @Field(() => [String], { description: 'Codes of the municipalities that are dissolved' })
  @IsMunicipalityCode({ each: true })
  dissolvedCodes!: string[];

  @Field(() => String, { description: 'Code of the successor (existing, or new with successorName)' })
  @IsMunicipalityCode()
  successorCode!: string;

  @Field(() => String, { nullable: true, description: 'Name, when the successor is a new municipality' })
  @IsOptional()
  @Length(1, 200)
  successorName?: string;

  @Field(() => String, { description: 'The successor’s first day; must be 1 January' })
  @IsCalendarDate()
  effectiveDate!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Makes the registration (and its transfer of balances) idempotent: the same key and input replays the first answer',
  })
  @IsOptional()
  @Length(1, 200)
  idempotencyKey?: string;
}
