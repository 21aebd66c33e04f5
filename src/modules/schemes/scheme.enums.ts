import { registerEnumType } from 'type-graphql';

export enum FundingStream {
  INTEGRATION_PROVISIONS = 'INTEGRATION_PROVISIONS',
  IMPLEMENTATION_COSTS = 'IMPLEMENTATION_COSTS',
  EDUCATION_ROUTE = 'EDUCATION_ROUTE',
}
export enum BudgetMode {
  CLOSED = 'CLOSED',
  OPEN_ENDED = 'OPEN_ENDED',
}
export enum SchemeStatus {
  DRAFT = 'DRAFT',
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
export enum Category {
  ASIELSTATUSHOUDER = 'ASIELSTATUSHOUDER',
  GEZINSMIGRANT = 'GEZINSMIGRANT',
  OVERIG = 'OVERIG',
}
export enum RouteCode {
  B1 = 'B1',
  ONDERWIJSROUTE = 'ONDERWIJSROUTE',
  Z_ROUTE = 'Z_ROUTE',
}
export enum CountBasis {
  TAAKSTELLING = 'TAAKSTELLING',
  FORECAST = 'FORECAST',
  REGISTERED = 'REGISTERED',
  REPORTED = 'REPORTED',
}
export enum AttributionRule {
  PEILDATUM = 'PEILDATUM',
  PRO_RATA_DAYS = 'PRO_RATA_DAYS',
  FIRST_OF_MONTH = 'FIRST_OF_MONTH',
  FIRST_MUNICIPALITY = 'FIRST_MUNICIPALITY',
  /** One per onderwijsroute obligation, in the year the person first has a municipality (people module, decision 0304). */
  EDUCATION_ROUTE = 'EDUCATION_ROUTE',
}

registerEnumType(FundingStream, { name: 'FundingStream', description: 'Money stream of a scheme (DOMAIN.md "Money streams")' });
registerEnumType(BudgetMode, {
  name: 'BudgetMode',
  description: 'CLOSED: a macrobudget is apportioned; OPEN_ENDED: each entitlement is its weight',
});
registerEnumType(SchemeStatus, { name: 'SchemeStatus' });
registerEnumType(Category, { name: 'Category', description: 'Category of person obliged to integrate' });
registerEnumType(RouteCode, { name: 'RouteCode', description: 'Learning route (only where a scheme uses routes)' });
registerEnumType(CountBasis, { name: 'CountBasis' });
// One GraphQL `AttributionRule` enum for the whole API, registered here; the people and registration
// modules use it. The allocation module's own inputs carry rules as validated strings (decision 0204).
registerEnumType(AttributionRule, { name: 'AttributionRule', description: 'How REGISTERED counts were attributed from person events' });

/**
 * Scheme status lifecycle. CLOSED is final: a closed year accepts no new runs except CORRECTION
 * runs by a finance officer (decision 0201).
 */
export const SCHEME_STATUS_TRANSITIONS: Readonly<Record<SchemeStatus, readonly SchemeStatus[]>> = {
  [SchemeStatus.DRAFT]: [SchemeStatus.OPEN],
  [SchemeStatus.OPEN]: [SchemeStatus.CLOSED],
  [SchemeStatus.CLOSED]: [],
};

/** Rates and rule categories store "no route" as this sentinel so a unique index covers it (decision 0202). */
export const NO_ROUTE = 'NONE';
export const toRouteColumn = (route: string | null | undefined): string => route ?? NO_ROUTE;
export const fromRouteColumn = (route: string): RouteCode | null => (route === NO_ROUTE ? null : (route as RouteCode));
