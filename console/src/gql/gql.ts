/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ConsoleViewer {\n    viewer {\n      subject\n      role\n      municipalityCode\n    }\n  }\n": typeof types.ConsoleViewerDocument,
    "\n  query AuditorReconciliationRuns {\n    reconciliationRuns(first: 100) {\n      edges {\n        node {\n          id\n          schemeCode\n          year\n          status\n          progressDone\n          progressTotal\n          differenceCount\n          createdAt\n        }\n      }\n    }\n  }\n": typeof types.AuditorReconciliationRunsDocument,
    "\n  query ControllerMunicipality($code: String!) {\n    municipality(code: $code) {\n      code\n      name\n      province\n      population\n    }\n  }\n": typeof types.ControllerMunicipalityDocument,
    "\n  query FinanceSchemeYears {\n    schemes {\n      id\n      code\n      name\n      year\n      status\n      budget\n      budgetMode\n    }\n    allocationRuns {\n      id\n      seq\n      schemeCode\n      year\n      stage\n      status\n      totalAmount\n      municipalityCount\n      createdAt\n      createdBy\n    }\n  }\n": typeof types.FinanceSchemeYearsDocument,
};
const documents: Documents = {
    "\n  query ConsoleViewer {\n    viewer {\n      subject\n      role\n      municipalityCode\n    }\n  }\n": types.ConsoleViewerDocument,
    "\n  query AuditorReconciliationRuns {\n    reconciliationRuns(first: 100) {\n      edges {\n        node {\n          id\n          schemeCode\n          year\n          status\n          progressDone\n          progressTotal\n          differenceCount\n          createdAt\n        }\n      }\n    }\n  }\n": types.AuditorReconciliationRunsDocument,
    "\n  query ControllerMunicipality($code: String!) {\n    municipality(code: $code) {\n      code\n      name\n      province\n      population\n    }\n  }\n": types.ControllerMunicipalityDocument,
    "\n  query FinanceSchemeYears {\n    schemes {\n      id\n      code\n      name\n      year\n      status\n      budget\n      budgetMode\n    }\n    allocationRuns {\n      id\n      seq\n      schemeCode\n      year\n      stage\n      status\n      totalAmount\n      municipalityCount\n      createdAt\n      createdBy\n    }\n  }\n": types.FinanceSchemeYearsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleViewer {\n    viewer {\n      subject\n      role\n      municipalityCode\n    }\n  }\n"): (typeof documents)["\n  query ConsoleViewer {\n    viewer {\n      subject\n      role\n      municipalityCode\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditorReconciliationRuns {\n    reconciliationRuns(first: 100) {\n      edges {\n        node {\n          id\n          schemeCode\n          year\n          status\n          progressDone\n          progressTotal\n          differenceCount\n          createdAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditorReconciliationRuns {\n    reconciliationRuns(first: 100) {\n      edges {\n        node {\n          id\n          schemeCode\n          year\n          status\n          progressDone\n          progressTotal\n          differenceCount\n          createdAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ControllerMunicipality($code: String!) {\n    municipality(code: $code) {\n      code\n      name\n      province\n      population\n    }\n  }\n"): (typeof documents)["\n  query ControllerMunicipality($code: String!) {\n    municipality(code: $code) {\n      code\n      name\n      province\n      population\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FinanceSchemeYears {\n    schemes {\n      id\n      code\n      name\n      year\n      status\n      budget\n      budgetMode\n    }\n    allocationRuns {\n      id\n      seq\n      schemeCode\n      year\n      stage\n      status\n      totalAmount\n      municipalityCount\n      createdAt\n      createdBy\n    }\n  }\n"): (typeof documents)["\n  query FinanceSchemeYears {\n    schemes {\n      id\n      code\n      name\n      year\n      status\n      budget\n      budgetMode\n    }\n    allocationRuns {\n      id\n      seq\n      schemeCode\n      year\n      stage\n      status\n      totalAmount\n      municipalityCount\n      createdAt\n      createdBy\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;