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
    "\n  query AuditorDifferenceTrail($runId: ID!, $ordinal: Int!) {\n    reconciliationRun(id: $runId) {\n      id\n      schemeCode\n      year\n      asOf\n    }\n    reconciliationDifferenceTrail(runId: $runId, ordinal: $ordinal) {\n      difference {\n        ordinal\n        check\n        municipalityCode\n        account\n        unit\n        expected\n        actual\n        difference\n        direction\n        cause\n        detail\n        refs\n      }\n      transactions {\n        id\n        sequence\n        kind\n        effectiveDate\n        recordedAt\n        reason\n        causeType\n        causeId\n        hash\n        postings {\n          account\n          direction\n          amount\n        }\n      }\n      inputs\n    }\n  }\n": typeof types.AuditorDifferenceTrailDocument,
    "\n  query AuditorExportableRuns {\n    reconciliationRuns(first: 200, filter: { status: \"SUCCEEDED\" }) {\n      edges {\n        node {\n          id\n          schemeCode\n          year\n          asOf\n          differenceCount\n          createdAt\n        }\n      }\n    }\n  }\n": typeof types.AuditorExportableRunsDocument,
    "\n  mutation AuditorExportReconciliation($runId: ID!, $format: ReconciliationExportFormat!) {\n    exportReconciliation(runId: $runId, format: $format) {\n      id\n      runId\n      format\n      downloadPath\n      exportedAt\n      exportedBy\n    }\n  }\n": typeof types.AuditorExportReconciliationDocument,
    "\n  query AuditorSchemeCodes {\n    schemes {\n      id\n      code\n    }\n  }\n": typeof types.AuditorSchemeCodesDocument,
    "\n  query AuditorVerifyJournal {\n    verifyJournal {\n      ok\n      status\n      count\n      headHash\n      brokenAt {\n        sequence\n        transactionId\n        problem\n        expected\n        actual\n      }\n    }\n    reconciliationRuns(first: 1, filter: { status: \"SUCCEEDED\" }) {\n      edges {\n        node {\n          id\n          schemeCode\n          year\n          asOf\n          journalHeadSequence\n          journalHeadHash\n        }\n      }\n    }\n  }\n": typeof types.AuditorVerifyJournalDocument,
    "\n  query AuditorReconciliationRuns($filter: ReconciliationRunFilter) {\n    reconciliationRuns(first: 200, filter: $filter) {\n      totalCount\n      edges {\n        node {\n          id\n          schemeCode\n          year\n          asOf\n          status\n          progressDone\n          progressTotal\n          differenceCount\n          durationMs\n          error\n          createdAt\n          createdBy\n        }\n      }\n    }\n  }\n": typeof types.AuditorReconciliationRunsDocument,
    "\n  query AuditorSchemes {\n    schemes {\n      id\n      code\n      name\n      year\n    }\n  }\n": typeof types.AuditorSchemesDocument,
    "\n  mutation AuditorStartReconciliation($input: StartReconciliationInput!) {\n    startReconciliation(input: $input) {\n      id\n      status\n      schemeCode\n      year\n    }\n  }\n": typeof types.AuditorStartReconciliationDocument,
    "\n  query AuditorReconciliationRun($id: ID!) {\n    reconciliationRun(id: $id) {\n      id\n      schemeCode\n      year\n      asOf\n      status\n      progressDone\n      progressTotal\n      differenceCount\n      durationMs\n      error\n      createdAt\n      createdBy\n      startedAt\n      finishedAt\n      inputHash\n      outputHash\n      journalHeadHash\n      journalHeadSequence\n      municipalityCodes\n      totals\n    }\n    reconciliationReproductions(runId: $id) {\n      inputHash\n      outputHash\n      matches\n      reproducedAt\n      reproducedBy\n    }\n  }\n": typeof types.AuditorReconciliationRunDocument,
    "\n  query AuditorRunDifferences($runId: ID!, $filter: ReconciliationDifferenceFilter, $after: String) {\n    reconciliationDifferences(runId: $runId, first: 500, filter: $filter, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ordinal\n          check\n          municipalityCode\n          account\n          unit\n          expected\n          actual\n          difference\n          direction\n          cause\n          detail\n        }\n      }\n    }\n  }\n": typeof types.AuditorRunDifferencesDocument,
    "\n  mutation AuditorReproduceReconciliation($runId: ID!) {\n    reproduceReconciliation(runId: $runId) {\n      matches\n      inputHash\n      outputHash\n    }\n  }\n": typeof types.AuditorReproduceReconciliationDocument,
    "\n  query ControllerMunicipality($code: String!) {\n    municipality(code: $code) {\n      code\n      name\n      province\n      population\n    }\n  }\n": typeof types.ControllerMunicipalityDocument,
    "\n  query FinanceSchemeYears {\n    schemes {\n      id\n      code\n      name\n      year\n      status\n      budget\n      budgetMode\n    }\n    allocationRuns {\n      id\n      seq\n      schemeCode\n      year\n      stage\n      status\n      totalAmount\n      municipalityCount\n      createdAt\n      createdBy\n    }\n  }\n": typeof types.FinanceSchemeYearsDocument,
};
const documents: Documents = {
    "\n  query ConsoleViewer {\n    viewer {\n      subject\n      role\n      municipalityCode\n    }\n  }\n": types.ConsoleViewerDocument,
    "\n  query AuditorDifferenceTrail($runId: ID!, $ordinal: Int!) {\n    reconciliationRun(id: $runId) {\n      id\n      schemeCode\n      year\n      asOf\n    }\n    reconciliationDifferenceTrail(runId: $runId, ordinal: $ordinal) {\n      difference {\n        ordinal\n        check\n        municipalityCode\n        account\n        unit\n        expected\n        actual\n        difference\n        direction\n        cause\n        detail\n        refs\n      }\n      transactions {\n        id\n        sequence\n        kind\n        effectiveDate\n        recordedAt\n        reason\n        causeType\n        causeId\n        hash\n        postings {\n          account\n          direction\n          amount\n        }\n      }\n      inputs\n    }\n  }\n": types.AuditorDifferenceTrailDocument,
    "\n  query AuditorExportableRuns {\n    reconciliationRuns(first: 200, filter: { status: \"SUCCEEDED\" }) {\n      edges {\n        node {\n          id\n          schemeCode\n          year\n          asOf\n          differenceCount\n          createdAt\n        }\n      }\n    }\n  }\n": types.AuditorExportableRunsDocument,
    "\n  mutation AuditorExportReconciliation($runId: ID!, $format: ReconciliationExportFormat!) {\n    exportReconciliation(runId: $runId, format: $format) {\n      id\n      runId\n      format\n      downloadPath\n      exportedAt\n      exportedBy\n    }\n  }\n": types.AuditorExportReconciliationDocument,
    "\n  query AuditorSchemeCodes {\n    schemes {\n      id\n      code\n    }\n  }\n": types.AuditorSchemeCodesDocument,
    "\n  query AuditorVerifyJournal {\n    verifyJournal {\n      ok\n      status\n      count\n      headHash\n      brokenAt {\n        sequence\n        transactionId\n        problem\n        expected\n        actual\n      }\n    }\n    reconciliationRuns(first: 1, filter: { status: \"SUCCEEDED\" }) {\n      edges {\n        node {\n          id\n          schemeCode\n          year\n          asOf\n          journalHeadSequence\n          journalHeadHash\n        }\n      }\n    }\n  }\n": types.AuditorVerifyJournalDocument,
    "\n  query AuditorReconciliationRuns($filter: ReconciliationRunFilter) {\n    reconciliationRuns(first: 200, filter: $filter) {\n      totalCount\n      edges {\n        node {\n          id\n          schemeCode\n          year\n          asOf\n          status\n          progressDone\n          progressTotal\n          differenceCount\n          durationMs\n          error\n          createdAt\n          createdBy\n        }\n      }\n    }\n  }\n": types.AuditorReconciliationRunsDocument,
    "\n  query AuditorSchemes {\n    schemes {\n      id\n      code\n      name\n      year\n    }\n  }\n": types.AuditorSchemesDocument,
    "\n  mutation AuditorStartReconciliation($input: StartReconciliationInput!) {\n    startReconciliation(input: $input) {\n      id\n      status\n      schemeCode\n      year\n    }\n  }\n": types.AuditorStartReconciliationDocument,
    "\n  query AuditorReconciliationRun($id: ID!) {\n    reconciliationRun(id: $id) {\n      id\n      schemeCode\n      year\n      asOf\n      status\n      progressDone\n      progressTotal\n      differenceCount\n      durationMs\n      error\n      createdAt\n      createdBy\n      startedAt\n      finishedAt\n      inputHash\n      outputHash\n      journalHeadHash\n      journalHeadSequence\n      municipalityCodes\n      totals\n    }\n    reconciliationReproductions(runId: $id) {\n      inputHash\n      outputHash\n      matches\n      reproducedAt\n      reproducedBy\n    }\n  }\n": types.AuditorReconciliationRunDocument,
    "\n  query AuditorRunDifferences($runId: ID!, $filter: ReconciliationDifferenceFilter, $after: String) {\n    reconciliationDifferences(runId: $runId, first: 500, filter: $filter, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ordinal\n          check\n          municipalityCode\n          account\n          unit\n          expected\n          actual\n          difference\n          direction\n          cause\n          detail\n        }\n      }\n    }\n  }\n": types.AuditorRunDifferencesDocument,
    "\n  mutation AuditorReproduceReconciliation($runId: ID!) {\n    reproduceReconciliation(runId: $runId) {\n      matches\n      inputHash\n      outputHash\n    }\n  }\n": types.AuditorReproduceReconciliationDocument,
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
export function graphql(source: "\n  query AuditorDifferenceTrail($runId: ID!, $ordinal: Int!) {\n    reconciliationRun(id: $runId) {\n      id\n      schemeCode\n      year\n      asOf\n    }\n    reconciliationDifferenceTrail(runId: $runId, ordinal: $ordinal) {\n      difference {\n        ordinal\n        check\n        municipalityCode\n        account\n        unit\n        expected\n        actual\n        difference\n        direction\n        cause\n        detail\n        refs\n      }\n      transactions {\n        id\n        sequence\n        kind\n        effectiveDate\n        recordedAt\n        reason\n        causeType\n        causeId\n        hash\n        postings {\n          account\n          direction\n          amount\n        }\n      }\n      inputs\n    }\n  }\n"): (typeof documents)["\n  query AuditorDifferenceTrail($runId: ID!, $ordinal: Int!) {\n    reconciliationRun(id: $runId) {\n      id\n      schemeCode\n      year\n      asOf\n    }\n    reconciliationDifferenceTrail(runId: $runId, ordinal: $ordinal) {\n      difference {\n        ordinal\n        check\n        municipalityCode\n        account\n        unit\n        expected\n        actual\n        difference\n        direction\n        cause\n        detail\n        refs\n      }\n      transactions {\n        id\n        sequence\n        kind\n        effectiveDate\n        recordedAt\n        reason\n        causeType\n        causeId\n        hash\n        postings {\n          account\n          direction\n          amount\n        }\n      }\n      inputs\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditorExportableRuns {\n    reconciliationRuns(first: 200, filter: { status: \"SUCCEEDED\" }) {\n      edges {\n        node {\n          id\n          schemeCode\n          year\n          asOf\n          differenceCount\n          createdAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditorExportableRuns {\n    reconciliationRuns(first: 200, filter: { status: \"SUCCEEDED\" }) {\n      edges {\n        node {\n          id\n          schemeCode\n          year\n          asOf\n          differenceCount\n          createdAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuditorExportReconciliation($runId: ID!, $format: ReconciliationExportFormat!) {\n    exportReconciliation(runId: $runId, format: $format) {\n      id\n      runId\n      format\n      downloadPath\n      exportedAt\n      exportedBy\n    }\n  }\n"): (typeof documents)["\n  mutation AuditorExportReconciliation($runId: ID!, $format: ReconciliationExportFormat!) {\n    exportReconciliation(runId: $runId, format: $format) {\n      id\n      runId\n      format\n      downloadPath\n      exportedAt\n      exportedBy\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditorSchemeCodes {\n    schemes {\n      id\n      code\n    }\n  }\n"): (typeof documents)["\n  query AuditorSchemeCodes {\n    schemes {\n      id\n      code\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditorVerifyJournal {\n    verifyJournal {\n      ok\n      status\n      count\n      headHash\n      brokenAt {\n        sequence\n        transactionId\n        problem\n        expected\n        actual\n      }\n    }\n    reconciliationRuns(first: 1, filter: { status: \"SUCCEEDED\" }) {\n      edges {\n        node {\n          id\n          schemeCode\n          year\n          asOf\n          journalHeadSequence\n          journalHeadHash\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditorVerifyJournal {\n    verifyJournal {\n      ok\n      status\n      count\n      headHash\n      brokenAt {\n        sequence\n        transactionId\n        problem\n        expected\n        actual\n      }\n    }\n    reconciliationRuns(first: 1, filter: { status: \"SUCCEEDED\" }) {\n      edges {\n        node {\n          id\n          schemeCode\n          year\n          asOf\n          journalHeadSequence\n          journalHeadHash\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditorReconciliationRuns($filter: ReconciliationRunFilter) {\n    reconciliationRuns(first: 200, filter: $filter) {\n      totalCount\n      edges {\n        node {\n          id\n          schemeCode\n          year\n          asOf\n          status\n          progressDone\n          progressTotal\n          differenceCount\n          durationMs\n          error\n          createdAt\n          createdBy\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditorReconciliationRuns($filter: ReconciliationRunFilter) {\n    reconciliationRuns(first: 200, filter: $filter) {\n      totalCount\n      edges {\n        node {\n          id\n          schemeCode\n          year\n          asOf\n          status\n          progressDone\n          progressTotal\n          differenceCount\n          durationMs\n          error\n          createdAt\n          createdBy\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditorSchemes {\n    schemes {\n      id\n      code\n      name\n      year\n    }\n  }\n"): (typeof documents)["\n  query AuditorSchemes {\n    schemes {\n      id\n      code\n      name\n      year\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuditorStartReconciliation($input: StartReconciliationInput!) {\n    startReconciliation(input: $input) {\n      id\n      status\n      schemeCode\n      year\n    }\n  }\n"): (typeof documents)["\n  mutation AuditorStartReconciliation($input: StartReconciliationInput!) {\n    startReconciliation(input: $input) {\n      id\n      status\n      schemeCode\n      year\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditorReconciliationRun($id: ID!) {\n    reconciliationRun(id: $id) {\n      id\n      schemeCode\n      year\n      asOf\n      status\n      progressDone\n      progressTotal\n      differenceCount\n      durationMs\n      error\n      createdAt\n      createdBy\n      startedAt\n      finishedAt\n      inputHash\n      outputHash\n      journalHeadHash\n      journalHeadSequence\n      municipalityCodes\n      totals\n    }\n    reconciliationReproductions(runId: $id) {\n      inputHash\n      outputHash\n      matches\n      reproducedAt\n      reproducedBy\n    }\n  }\n"): (typeof documents)["\n  query AuditorReconciliationRun($id: ID!) {\n    reconciliationRun(id: $id) {\n      id\n      schemeCode\n      year\n      asOf\n      status\n      progressDone\n      progressTotal\n      differenceCount\n      durationMs\n      error\n      createdAt\n      createdBy\n      startedAt\n      finishedAt\n      inputHash\n      outputHash\n      journalHeadHash\n      journalHeadSequence\n      municipalityCodes\n      totals\n    }\n    reconciliationReproductions(runId: $id) {\n      inputHash\n      outputHash\n      matches\n      reproducedAt\n      reproducedBy\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditorRunDifferences($runId: ID!, $filter: ReconciliationDifferenceFilter, $after: String) {\n    reconciliationDifferences(runId: $runId, first: 500, filter: $filter, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ordinal\n          check\n          municipalityCode\n          account\n          unit\n          expected\n          actual\n          difference\n          direction\n          cause\n          detail\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditorRunDifferences($runId: ID!, $filter: ReconciliationDifferenceFilter, $after: String) {\n    reconciliationDifferences(runId: $runId, first: 500, filter: $filter, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ordinal\n          check\n          municipalityCode\n          account\n          unit\n          expected\n          actual\n          difference\n          direction\n          cause\n          detail\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AuditorReproduceReconciliation($runId: ID!) {\n    reproduceReconciliation(runId: $runId) {\n      matches\n      inputHash\n      outputHash\n    }\n  }\n"): (typeof documents)["\n  mutation AuditorReproduceReconciliation($runId: ID!) {\n    reproduceReconciliation(runId: $runId) {\n      matches\n      inputHash\n      outputHash\n    }\n  }\n"];
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