import { graphql } from './gql';

/**
 * The figures `explain.ts` composes its steps from, selected once so that every page asking for an
 * explanation asks for the same fields. Queries spread them by name (`...ConsoleAllocationExplanationFigures`);
 * the generated documents carry the fragment, so this module is only read by the code generator.
 */
export const AllocationExplanationFigures = graphql(`
  fragment ConsoleAllocationExplanationFigures on AllocationExplanation {
    decisionNumber
    amount
    baseAmount
    weight
    totalWeight
    exactShare
    adjustment
    budget
    budgetMode
    terms {
      category
      route
      count
      rate
      rateValidFrom
      product
    }
  }
`);

export const SettlementLineFigures = graphql(`
  fragment ConsoleSettlementLineFigures on SettlementLine {
    municipalityCode
    payeeCode
    status
    countBased
    acceptedSpending
    finalEntitlement
    paid
    amount
  }
`);
