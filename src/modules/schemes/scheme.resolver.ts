import Decimal from 'decimal.js';
import { MoneyScalar } from '../../common/graphql/decimal.scalar';
import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';
import { BaseAmount, FundingScheme, Rate } from './scheme.type';
import { AddRateInput, CreateSchemeInput, SetBaseAmountsInput } from './scheme.inputs';
import { SchemeStatus } from './scheme.enums';
import * as service from './scheme.service';

@Authorized()
@Resolver(() => FundingScheme)
export class SchemeResolver {
  @Authorized()
  @Query(() => [FundingScheme], { description: 'Scheme-years, newest year first' })
  schemes(
    @Ctx() ctx: RequestContext,
    @Arg('year', () => Int, { nullable: true }) year?: number,
    @Arg('code', () => String, { nullable: true }) code?: string,
  ): Promise<FundingScheme[]> {
    return service.listSchemes(ctx, { year, code });
  }

  @Authorized()
  @Query(() => FundingScheme, { description: 'One scheme-year' })
  scheme(
    @Ctx() ctx: RequestContext,
    @Arg('code', () => String) code: string,
    @Arg('year', () => Int) year: number,
  ): Promise<FundingScheme> {
    return service.getScheme(ctx, code, year);
  }

  @Authorized()
  @Query(() => [Rate], { description: 'Rates of a scheme code; with asOf only those in force on that date' })
  rates(
    @Ctx() ctx: RequestContext,
    @Arg('schemeCode', () => String) schemeCode: string,
    @Arg('asOf', () => String, { nullable: true }) asOf?: string,
  ): Promise<Rate[]> {
    return service.listRates(ctx, schemeCode, asOf);
  }

  @Authorized(Role.FINANCE_OFFICER, Role.AUDITOR)
  @Query(() => [BaseAmount], { description: 'Vaste voet per municipality of a scheme-year' })
  baseAmounts(
    @Ctx() ctx: RequestContext,
    @Arg('schemeCode', () => String) schemeCode: string,
    @Arg('year', () => Int) year: number,
  ): Promise<BaseAmount[]> {
    return service.listBaseAmounts(ctx, schemeCode, year);
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => FundingScheme, { description: 'Define a scheme-year' })
  createScheme(@Ctx() ctx: RequestContext, @Arg('input', () => CreateSchemeInput) input: CreateSchemeInput): Promise<FundingScheme> {
    return service.createScheme(ctx, input);
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => FundingScheme, { description: 'DRAFT -> OPEN -> CLOSED' })
  updateSchemeStatus(
    @Ctx() ctx: RequestContext,
    @Arg('schemeCode', () => String) schemeCode: string,
    @Arg('year', () => Int) year: number,
    @Arg('status', () => SchemeStatus) status: SchemeStatus,
  ): Promise<FundingScheme> {
    return service.updateSchemeStatus(ctx, { schemeCode, year, status });
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => FundingScheme, { description: 'Correct the budget (line) of a scheme-year that is not closed' })
  updateSchemeBudget(
    @Ctx() ctx: RequestContext,
    @Arg('schemeCode', () => String) schemeCode: string,
    @Arg('year', () => Int) year: number,
    @Arg('budget', () => MoneyScalar) budget: Decimal,
  ): Promise<FundingScheme> {
    return service.updateSchemeBudget(ctx, { schemeCode, year, budget });
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => Rate, { description: 'Append a dated rate (normbedrag); rates are never overwritten' })
  addRate(@Ctx() ctx: RequestContext, @Arg('input', () => AddRateInput) input: AddRateInput): Promise<Rate> {
    return service.addRate(ctx, input);
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => [BaseAmount], { description: 'Set the vaste voet of municipalities for a scheme-year' })
  setBaseAmounts(@Ctx() ctx: RequestContext, @Arg('input', () => SetBaseAmountsInput) input: SetBaseAmountsInput): Promise<BaseAmount[]> {
    return service.setBaseAmounts(ctx, input);
  }
}
