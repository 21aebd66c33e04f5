/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type AccountabilityOverviewFilter = {
  /** Only those with differences beyond tolerance */
  beyondTolerance?: boolean | null | undefined;
  /** Only late submissions */
  late?: boolean | null | undefined;
  /** Only overdue (nothing submitted, deadline passed) */
  overdue?: boolean | null | undefined;
  /** Province code */
  provinceCode?: string | null | undefined;
  /** Only those that have (true) or have not (false) submitted */
  submitted?: boolean | null | undefined;
};

/** What an alert subscription watches (docs/alerts.md) */
export const AlertCondition = {
  /** A municipality's accountability deadline is at most `days` days away and nothing is submitted */
  DeadlineApproaching: 'DEADLINE_APPROACHING',
  /** A person-event feed (`source`) has delivered nothing for `days` days */
  FeedSilent: 'FEED_SILENT',
  /** The national total at the 90 % forecast is above the budget line */
  OverrunRangeCrossesBudget: 'OVERRUN_RANGE_CROSSES_BUDGET',
  /** Someone is obliged but in no municipality’s view for more than `days` days */
  PersonWaitingTooLong: 'PERSON_WAITING_TOO_LONG',
  /** A municipality's expected recovery (median forecast, against the advance run) is above `threshold` */
  RecoveryAboveThreshold: 'RECOVERY_ABOVE_THRESHOLD',
  /** The deadline passed and nothing is submitted */
  ReportOverdue: 'REPORT_OVERDUE'
} as const;

export type AlertCondition = typeof AlertCondition[keyof typeof AlertCondition];
/** RAISED when the condition became true, CLEARED when it stopped */
export const AlertKind = {
  Cleared: 'CLEARED',
  Raised: 'RAISED'
} as const;

export type AlertKind = typeof AlertKind[keyof typeof AlertKind];
/** CLOSED: a macrobudget is apportioned; OPEN_ENDED: each entitlement is its weight */
export const BudgetMode = {
  Closed: 'CLOSED',
  OpenEnded: 'OPEN_ENDED'
} as const;

export type BudgetMode = typeof BudgetMode[keyof typeof BudgetMode];
/** Cancel an alert subscription: it is no longer evaluated and its open alerts are cleared (decision 1340) */
export type CancelAlertSubscriptionInput = {
  id: string | number;
  idempotencyKey: string;
};

/** Category of person obliged to integrate */
export const Category = {
  Asielstatushouder: 'ASIELSTATUSHOUDER',
  Gezinsmigrant: 'GEZINSMIGRANT',
  Overig: 'OVERIG'
} as const;

export type Category = typeof Category[keyof typeof Category];
export type CreateReportDraftInput = {
  attachments?: Array<ReportAttachmentInput>;
  counts?: Array<ReportCountLineInput>;
  expenditure?: Array<ReportExpenditureLineInput>;
  municipalityCode: string;
  /** Last day reported on (default 31 December) */
  periodEnd?: string | null | undefined;
  /** First day reported on (default 1 January of the year) */
  periodStart?: string | null | undefined;
  schemeCode: string;
  year: number;
};

/** How a forecast (prognose) of counts was made */
export const ForecastMethod = {
  ManualOverride: 'MANUAL_OVERRIDE',
  ShrinkageEb: 'SHRINKAGE_EB',
  Taakstelling: 'TAAKSTELLING',
  TrailingActuals: 'TRAILING_ACTUALS'
} as const;

export type ForecastMethod = typeof ForecastMethod[keyof typeof ForecastMethod];
export type ReconciliationDifferenceFilter = {
  cause?: string | null | undefined;
  /** Only differences with |difference| ≥ this (an amount, or a count for count differences) */
  minimumAbsolute?: string | null | undefined;
  municipalityCode?: string | null | undefined;
};

/** CSV (RFC 4180), CSV_NL (";" and a decimal comma), XLSX (one sheet per section) or JSON; always a zip with a manifest */
export const ReconciliationExportFormat = {
  Csv: 'CSV',
  CsvNl: 'CSV_NL',
  Json: 'JSON',
  Xlsx: 'XLSX'
} as const;

export type ReconciliationExportFormat = typeof ReconciliationExportFormat[keyof typeof ReconciliationExportFormat];
export type ReconciliationRunFilter = {
  schemeCode?: string | null | undefined;
  status?: string | null | undefined;
  year?: number | null | undefined;
};

export type ReportAttachmentInput = {
  name: string;
  /** SHA-256 of the document, 64 lowercase hex digits */
  sha256: string;
};

export type ReportCountLineInput = {
  /** ASIELSTATUSHOUDER, GEZINSMIGRANT or OVERIG */
  category: string;
  /** Count (persons or person-years) as a decimal string, ≥ 0, at most 6 decimals */
  count: string;
  explanation?: string | null | undefined;
  /** B1, ONDERWIJSROUTE or Z_ROUTE, where the scheme uses routes */
  route?: string | null | undefined;
};

export type ReportExpenditureLineInput = {
  /** Amount in EUR as a decimal string, ≥ 0, within the scheme’s unit */
  amount: string;
  /** A SpendingComponent */
  component: string;
  explanation?: string | null | undefined;
};

/** DRAFT → SUBMITTED → ACCEPTED | REJECTED; a correction is a new version */
export const ReportStatus = {
  Accepted: 'ACCEPTED',
  Draft: 'DRAFT',
  Rejected: 'REJECTED',
  Submitted: 'SUBMITTED'
} as const;

export type ReportStatus = typeof ReportStatus[keyof typeof ReportStatus];
/** Resume a cancelled alert subscription: evaluated again from nothing raised (decision 1910); who may cancel it may resume it */
export type ResumeAlertSubscriptionInput = {
  id: string | number;
  idempotencyKey: string;
};

/** What the bearer of a token may do */
export const Role = {
  Auditor: 'AUDITOR',
  FinanceOfficer: 'FINANCE_OFFICER',
  MunicipalController: 'MUNICIPAL_CONTROLLER'
} as const;

export type Role = typeof Role[keyof typeof Role];
/** Learning route (only where a scheme uses routes) */
export const RouteCode = {
  B1: 'B1',
  Onderwijsroute: 'ONDERWIJSROUTE',
  ZRoute: 'Z_ROUTE'
} as const;

export type RouteCode = typeof RouteCode[keyof typeof RouteCode];
export type RunKeyComparisonInput = {
  /** Attribution rule of the final entitlement (default PEILDATUM) */
  finalRule?: string | null | undefined;
  /** First backtest year */
  fromYear: number;
  idempotencyKey: string;
  /** The allocation rule whose categories, rates and base amounts price every key */
  ruleVersionId: string | number;
  schemeCode: string;
  /** Last backtest year (at most the scheme-year, at most 10 years) */
  toYear: number;
  year: number;
};

export const SchemeStatus = {
  Closed: 'CLOSED',
  Draft: 'DRAFT',
  Open: 'OPEN'
} as const;

export type SchemeStatus = typeof SchemeStatus[keyof typeof SchemeStatus];
/** DRAFT until a second officer finalises it; REPLACED once a correction is finalised */
export const SettlementStatus = {
  Draft: 'DRAFT',
  Finalised: 'FINALISED',
  Replaced: 'REPLACED'
} as const;

export type SettlementStatus = typeof SettlementStatus[keyof typeof SettlementStatus];
/** Spending components of the SiSa annex */
export const SpendingComponent = {
  FinancieelOntzorgen: 'FINANCIEEL_ONTZORGEN',
  ImplementationCosts: 'IMPLEMENTATION_COSTS',
  LanguageAndIntegration: 'LANGUAGE_AND_INTEGRATION',
  ModuleArbeidsmarktEnParticipatie: 'MODULE_ARBEIDSMARKT_EN_PARTICIPATIE',
  Participatieverklaringstraject: 'PARTICIPATIEVERKLARINGSTRAJECT'
} as const;

export type SpendingComponent = typeof SpendingComponent[keyof typeof SpendingComponent];
export type StartReconciliationInput = {
  /** Default now; never in the future */
  asOf?: string | null | undefined;
  /** Default: every municipality of the scheme-year */
  municipalityCodes?: Array<string> | null | undefined;
  schemeCode: string;
  year: number;
};

/** A subscription to one condition; which fields it needs depends on the condition (docs/alerts.md) */
export type SubscribeAlertInput = {
  /** RECOVERY_ABOVE_THRESHOLD, OVERRUN_RANGE_CROSSES_BUDGET: the allocation run the advances rest on */
  allocationRunId?: string | number | null | undefined;
  condition: AlertCondition;
  /** DEADLINE_APPROACHING: days before the deadline (0-366); PERSON_WAITING_TOO_LONG, FEED_SILENT: days (1-3650) */
  days?: number | null | undefined;
  idempotencyKey: string;
  /** The municipality to watch; omitted: every municipality (finance officers) or your own (controllers). Not for national conditions */
  municipalityCode?: string | null | undefined;
  /** DEADLINE_APPROACHING, REPORT_OVERDUE */
  schemeCode?: string | null | undefined;
  /** FEED_SILENT: the person-event source (feed) code */
  source?: string | null | undefined;
  /** RECOVERY_ABOVE_THRESHOLD: the recovery in EUR above which it fires (0 or more) */
  threshold?: string | null | undefined;
  /** DEADLINE_APPROACHING, REPORT_OVERDUE */
  year?: number | null | undefined;
};

/** PAID once booked (cash and/or offset); SUSPENDED while the municipality is suspended; CANCELLED once the year is settled */
export const TrancheStatus = {
  Cancelled: 'CANCELLED',
  Paid: 'PAID',
  Planned: 'PLANNED',
  Suspended: 'SUSPENDED'
} as const;

export type TrancheStatus = typeof TrancheStatus[keyof typeof TrancheStatus];
export type UpdateReportDraftInput = {
  attachments?: Array<ReportAttachmentInput>;
  counts?: Array<ReportCountLineInput>;
  expenditure?: Array<ReportExpenditureLineInput>;
  /** Last day reported on (default 31 December) */
  periodEnd?: string | null | undefined;
  /** First day reported on (default 1 January of the year) */
  periodStart?: string | null | undefined;
  reportId: string | number;
};

export type ConsoleViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleViewerQuery = { viewer: { subject: string, role: Role, municipalityCode: string | null } };

export type ConsoleSchemeYearsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleSchemeYearsQuery = { schemes: Array<{ id: string, code: string, name: string, year: number, status: SchemeStatus, budget: string, budgetMode: BudgetMode, settlesOnSpending: boolean, usesRoutes: boolean, unitScale: number, accountabilityDeadline: string }>, allocationRuns: Array<{ id: string, seq: number, schemeCode: string, year: number, stage: string, status: string, ruleVersionId: string, totalAmount: string, municipalityCount: number, createdAt: string, createdBy: string }> };

export type ConsoleAllocationExplanationFiguresFragment = { decisionNumber: string, amount: string, baseAmount: string, weight: string, totalWeight: string, exactShare: string, adjustment: string, budget: string, budgetMode: BudgetMode, terms: Array<{ category: Category, route: RouteCode | null, count: string, rate: string, rateValidFrom: string, product: string }> };

export type ConsoleSettlementLineFiguresFragment = { municipalityCode: string, payeeCode: string, status: string, countBased: string, acceptedSpending: string | null, finalEntitlement: string | null, paid: string, amount: string | null };

export type AuditorCheckpointCheckQueryVariables = Exact<{
  checkpoint: string;
}>;


export type AuditorCheckpointCheckQuery = { checkJournalAgainstCheckpoint: { ok: boolean, signatureValid: boolean, checkpointSequence: string, headSequence: string, headHash: string, problems: Array<string> } };

export type AuditorDifferenceTrailQueryVariables = Exact<{
  runId: string | number;
  ordinal: number;
  first: number;
  after?: string | null | undefined;
}>;


export type AuditorDifferenceTrailQuery = { reconciliationRun: { id: string, schemeCode: string, year: number, asOf: string }, reconciliationDifferenceTrail: { inputs: Array<string>, difference: { refs: Array<string>, ordinal: number, check: string, municipalityCode: string | null, account: string | null, unit: string, expected: string, actual: string, difference: string, direction: string, cause: string, detail: string }, transactionPage: { totalCount: number, pageInfo: { endCursor: string | null, hasNextPage: boolean }, edges: Array<{ cursor: string, node: { id: string, sequence: string, kind: string, effectiveDate: string, recordedAt: string, reason: string, causeType: string | null, causeId: string | null, hash: string, postingCount: number, shownPostings: Array<{ line: number, direction: string, amount: string }> } }> } } };

export type AuditorTrailPostingsQueryVariables = Exact<{
  runId: string | number;
  ordinal: number;
  after?: string | null | undefined;
}>;


export type AuditorTrailPostingsQuery = { reconciliationDifferenceTrail: { transactionPage: { edges: Array<{ node: { id: string, postings: Array<{ account: string, direction: string, amount: string }> } }> } } };

export type AuditorVerifyJournalQueryVariables = Exact<{ [key: string]: never; }>;


export type AuditorVerifyJournalQuery = { verifyJournalSinceCheckpoint: { ok: boolean, status: string, count: number, headHash: string, headSequence: string | null, verifiedFrom: string | null, fromCheckpoint: { sequence: string, time: string, reason: string } | null, brokenAt: { sequence: string, transactionId: string, problem: string, expected: string, actual: string } | null }, reconciliationRuns: { edges: Array<{ node: { id: string, schemeCode: string, year: number, asOf: string, journalHeadSequence: string | null, journalHeadHash: string | null } }> } };

export type AuditorVerifyJournalFullQueryVariables = Exact<{ [key: string]: never; }>;


export type AuditorVerifyJournalFullQuery = { verifyJournal: { ok: boolean, status: string, count: number, headHash: string, headSequence: string | null, verifiedFrom: string | null, fromCheckpoint: { sequence: string, time: string, reason: string } | null, brokenAt: { sequence: string, transactionId: string, problem: string, expected: string, actual: string } | null } };

export type AuditorJournalVerificationFragment = { ok: boolean, status: string, count: number, headHash: string, headSequence: string | null, verifiedFrom: string | null, fromCheckpoint: { sequence: string, time: string, reason: string } | null, brokenAt: { sequence: string, transactionId: string, problem: string, expected: string, actual: string } | null };

export type AuditorReconciliationRunsQueryVariables = Exact<{
  filter?: ReconciliationRunFilter | null | undefined;
}>;


export type AuditorReconciliationRunsQuery = { reconciliationRuns: { totalCount: number, edges: Array<{ node: { id: string, schemeCode: string, year: number, asOf: string, status: string, progressDone: number, progressTotal: number, differenceCount: number | null, durationMs: number | null, error: string | null, createdAt: string, createdBy: string } }> } };

export type AuditorStartReconciliationMutationVariables = Exact<{
  input: StartReconciliationInput;
}>;


export type AuditorStartReconciliationMutation = { startReconciliation: { id: string, status: string, schemeCode: string, year: number } };

export type AuditorRunSummaryFragment = { id: string, schemeCode: string, year: number, asOf: string, status: string, progressDone: number, progressTotal: number, differenceCount: number | null, durationMs: number | null, error: string | null, createdAt: string, createdBy: string };

export type AuditorDifferenceFragment = { ordinal: number, check: string, municipalityCode: string | null, account: string | null, unit: string, expected: string, actual: string, difference: string, direction: string, cause: string, detail: string };

export type AuditorExportableRunsQueryVariables = Exact<{ [key: string]: never; }>;


export type AuditorExportableRunsQuery = { reconciliationRuns: { edges: Array<{ node: { id: string, schemeCode: string, year: number, asOf: string, differenceCount: number | null, createdAt: string } }> } };

export type AuditorExportReconciliationMutationVariables = Exact<{
  runId: string | number;
  format: ReconciliationExportFormat;
}>;


export type AuditorExportReconciliationMutation = { exportReconciliation: { id: string, runId: string, format: ReconciliationExportFormat, downloadPath: string, exportedAt: string, exportedBy: string } };

export type AuditorRunDifferencesQueryVariables = Exact<{
  runId: string | number;
  filter?: ReconciliationDifferenceFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type AuditorRunDifferencesQuery = { reconciliationDifferences: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { ordinal: number, check: string, municipalityCode: string | null, account: string | null, unit: string, expected: string, actual: string, difference: string, direction: string, cause: string, detail: string } }> } };

export type AuditorReconciliationRunQueryVariables = Exact<{
  id: string | number;
}>;


export type AuditorReconciliationRunQuery = { reconciliationRun: { startedAt: string | null, finishedAt: string | null, inputHash: string | null, outputHash: string | null, journalHeadHash: string | null, journalHeadSequence: string | null, municipalityCodes: Array<string> | null, totals: string | null, id: string, schemeCode: string, year: number, asOf: string, status: string, progressDone: number, progressTotal: number, differenceCount: number | null, durationMs: number | null, error: string | null, createdAt: string, createdBy: string }, reconciliationReproductions: Array<{ inputHash: string, outputHash: string, matches: boolean, reproducedAt: string, reproducedBy: string }> };

export type AuditorReproduceReconciliationMutationVariables = Exact<{
  runId: string | number;
}>;


export type AuditorReproduceReconciliationMutation = { reproduceReconciliation: { matches: boolean, inputHash: string, outputHash: string } };

export type ChainTimelinessQueryVariables = Exact<{
  from: string;
  to: string;
  codes?: Array<string> | string | null | undefined;
}>;


export type ChainTimelinessQuery = { notificationTimeliness: Array<{ municipalityCode: string, count: number, receiveP50Seconds: number | null, receiveP90Seconds: number | null, notifyP50Seconds: number | null, notifyP90Seconds: number | null, maxNotifySeconds: number | null }> };

export type ChainReceptionQueryVariables = Exact<{
  date: string;
}>;


export type ChainReceptionQuery = { peopleInReception: { totalCount: number, longestDays: number | null, edges: Array<{ node: { personId: string, category: string, obligationStart: string, daysWaiting: number } }> } };

export type ChainDeliveriesQueryVariables = Exact<{
  codes?: Array<string> | string | null | undefined;
}>;


export type ChainDeliveriesQuery = { chainDeliveries: Array<{ municipalityCode: string, url: string, deliveredUpTo: string, pending: number, attempts: number, nextAttemptAt: string, lastError: string | null, deadSince: string | null, lastDeliveredAt: string | null }> };

export type ChainRegisterEndpointMutationVariables = Exact<{
  code: string;
  url: string;
}>;


export type ChainRegisterEndpointMutation = { registerChainEndpoint: { municipalityCode: string, url: string, secret: string } };

export type ChainTestEndpointMutationVariables = Exact<{
  code: string;
}>;


export type ChainTestEndpointMutation = { testChainEndpoint: { ok: boolean, status: number | null, error: string | null } };

export type ChainReplayDeliveriesMutationVariables = Exact<{
  code: string;
}>;


export type ChainReplayDeliveriesMutation = { replayChainDeliveries: { municipalityCode: string, deadSince: string | null, pending: number } };

export type ControllerAlertsQueryVariables = Exact<{
  code: string;
}>;


export type ControllerAlertsQuery = { alerts: { totalCount: number, edges: Array<{ node: { id: string, condition: AlertCondition, kind: AlertKind, subject: string, evidence: Record<string, unknown>, evaluatedAt: string } }> }, alertSubscriptions: Array<{ id: string, condition: AlertCondition, municipalityCode: string | null, schemeCode: string | null, year: number | null, days: number | null, threshold: string | null, subscriber: string, subscriberRole: Role, createdAt: string, cancelledAt: string | null, cancellations: Array<{ resumedAt: string | null, resumedBy: string | null }> }> };

export type ControllerSubscribeAlertMutationVariables = Exact<{
  input: SubscribeAlertInput;
}>;


export type ControllerSubscribeAlertMutation = { subscribeAlert: { replayed: boolean, subscription: { id: string } } };

export type ControllerCancelAlertSubscriptionMutationVariables = Exact<{
  input: CancelAlertSubscriptionInput;
}>;


export type ControllerCancelAlertSubscriptionMutation = { cancelAlertSubscription: { replayed: boolean, cleared: Array<{ id: string }> } };

export type ControllerResumeAlertSubscriptionMutationVariables = Exact<{
  input: ResumeAlertSubscriptionInput;
}>;


export type ControllerResumeAlertSubscriptionMutation = { resumeAlertSubscription: { replayed: boolean, subscription: { id: string, cancelledAt: string | null } } };

export type ControllerMunicipalityQueryVariables = Exact<{
  code: string;
}>;


export type ControllerMunicipalityQuery = { municipality: { code: string, name: string, province: string, population: number } };

export type ControllerRunLineQueryVariables = Exact<{
  runId: string;
  code: string;
}>;


export type ControllerRunLineQuery = { allocationRun: { id: string, seq: number, stage: string, lines: { edges: Array<{ node: { municipalityCode: string, amount: string, decisionNumber: string, weight: string, baseAmount: string } }> } }, allocationExplanation: { decisionNumber: string, amount: string, baseAmount: string, weight: string, totalWeight: string, exactShare: string, adjustment: string, budget: string, budgetMode: BudgetMode, terms: Array<{ category: Category, route: RouteCode | null, count: string, rate: string, rateValidFrom: string, product: string }> } };

export type ControllerAdvanceStatementQueryVariables = Exact<{
  code: string;
  schemeCode: string;
  year: number;
}>;


export type ControllerAdvanceStatementQuery = { municipalityAdvanceStatement: { suspended: boolean, totalPaid: string, totalPlanned: string, explanation: Array<string>, tranches: Array<{ index: number, dueDate: string, amount: string, cash: string | null, offset: string | null, status: TrancheStatus }> }, advanceSuspensions: Array<{ id: string, action: string, reason: string, at: string, actor: string, overdueYears: Array<number> | null }> };

export type ControllerPeopleQueryVariables = Exact<{
  code: string;
  date?: string | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type ControllerPeopleQuery = { peopleInView: { totalCount: number, pageInfo: { endCursor: string | null, hasNextPage: boolean }, edges: Array<{ node: { personId: string, category: string, route: string | null, startDate: string, endDate: string | null, obligationNo: number, obligationStart: string, obligationEnd: string | null } }> } };

export type ControllerSettlementsQueryVariables = Exact<{
  schemeCode: string;
  year: number;
}>;


export type ControllerSettlementsQuery = { settlements: Array<{ id: string, status: SettlementStatus, createdAt: string, finalisedAt: string | null, effectiveDate: string | null, preparedBy: string, approvedBy: string | null, recoveryMode: string, replacesId: string | null, lines: Array<{ municipalityCode: string, payeeCode: string, status: string, countBased: string, acceptedSpending: string | null, finalEntitlement: string | null, paid: string, amount: string | null }> }> };

export type ControllerReportsQueryVariables = Exact<{
  code: string;
}>;


export type ControllerReportsQuery = { accountabilityReports: { totalCount: number, edges: Array<{ node: { id: string, municipalityCode: string, schemeCode: string, year: number, version: number, status: ReportStatus, deadline: string, late: boolean | null, createdAt: string, submittedAt: string | null, submittedBy: string | null, decidedAt: string | null, decisionReason: string | null, replacesId: string | null, periodStart: string, periodEnd: string, eligibleSpending: string, counts: Array<{ line: number, category: string, route: string | null, count: string, explanation: string | null }>, expenditure: Array<{ line: number, component: SpendingComponent, amount: string, explanation: string | null }>, attachments: Array<{ name: string, sha256: string }>, differences: Array<{ id: string, check: string, category: string | null, route: string | null, reported: string, expected: string, difference: string, beyondTolerance: boolean }> } }> } };

export type ControllerCreateReportDraftMutationVariables = Exact<{
  input: CreateReportDraftInput;
}>;


export type ControllerCreateReportDraftMutation = { createReportDraft: { id: string, status: ReportStatus, version: number } };

export type ControllerUpdateReportDraftMutationVariables = Exact<{
  input: UpdateReportDraftInput;
}>;


export type ControllerUpdateReportDraftMutation = { updateReportDraft: { id: string, status: ReportStatus, version: number } };

export type ControllerSubmitReportMutationVariables = Exact<{
  reportId: string | number;
}>;


export type ControllerSubmitReportMutation = { submitReport: { id: string, status: ReportStatus, late: boolean | null, submittedAt: string | null } };

export type FinanceAdvancePlansQueryVariables = Exact<{
  schemeCode: string;
  year: number;
}>;


export type FinanceAdvancePlansQuery = { advancePlans: Array<{ id: string, version: number, current: boolean, advanceRate: string, reason: string, createdAt: string, createdBy: string, totalAdvance: string, totalExcess: string, allocationRunId: string }> };

export type FinanceAdvancePlanMonthsQueryVariables = Exact<{
  planId: string | number;
}>;


export type FinanceAdvancePlanMonthsQuery = { advancePlanMonths: Array<{ month: string, planned: string, paid: string, suspended: string, tranches: number, tranchesPaid: number }> };

export type FinanceAlertsQueryVariables = Exact<{ [key: string]: never; }>;


export type FinanceAlertsQuery = { alerts: { totalCount: number, edges: Array<{ node: { id: string, subscriptionId: string, condition: AlertCondition, kind: AlertKind, subject: string, municipalityCode: string | null, evidence: Record<string, unknown>, evaluatedAt: string } }> }, alertSubscriptions: Array<{ id: string, condition: AlertCondition, municipalityCode: string | null, schemeCode: string | null, year: number | null, days: number | null, threshold: string | null, allocationRunId: string | null, source: string | null, subscriber: string, createdAt: string, cancelledAt: string | null, cancellations: Array<{ resumedAt: string | null, resumedBy: string | null }> }> };

export type FinanceCancelAlertSubscriptionMutationVariables = Exact<{
  input: CancelAlertSubscriptionInput;
}>;


export type FinanceCancelAlertSubscriptionMutation = { cancelAlertSubscription: { replayed: boolean, cleared: Array<{ id: string }> } };

export type FinanceResumeAlertSubscriptionMutationVariables = Exact<{
  input: ResumeAlertSubscriptionInput;
}>;


export type FinanceResumeAlertSubscriptionMutation = { resumeAlertSubscription: { replayed: boolean, subscription: { id: string } } };

export type FinanceSubscribeAlertMutationVariables = Exact<{
  input: SubscribeAlertInput;
}>;


export type FinanceSubscribeAlertMutation = { subscribeAlert: { replayed: boolean, subscription: { id: string } } };

export type FinanceEvaluateAlertsMutationVariables = Exact<{ [key: string]: never; }>;


export type FinanceEvaluateAlertsMutation = { evaluateAlerts: { subscriptions: number, problems: Array<string>, alerts: Array<{ id: string }> } };

export type FinanceAllocationExplanationQueryVariables = Exact<{
  code: string;
  runId: string;
}>;


export type FinanceAllocationExplanationQuery = { allocationExplanation: { municipalityCode: string, decisionNumber: string, amount: string, baseAmount: string, weight: string, totalWeight: string, exactShare: string, adjustment: string, budget: string, budgetMode: BudgetMode, terms: Array<{ category: Category, route: RouteCode | null, count: string, rate: string, rateValidFrom: string, product: string }> } };

export type FinanceExposureForecastsQueryVariables = Exact<{
  year: number;
}>;


export type FinanceExposureForecastsQuery = { forecasts: Array<{ id: string, method: ForecastMethod, createdAt: string, params: string }> };

export type FinanceExposureQueryVariables = Exact<{
  forecastId: string | number;
  runId: string | number;
}>;


export type FinanceExposureQuery = { forecastExposure: { budget: string, totalOnEstimate: string, totalP10: string, totalP50: string, totalP90: string, overrunP10: string, overrunP50: string, overrunP90: string, lines: Array<{ municipalityCode: string, paid: string, advanceBasis: string, entitledP10: string, entitledP50: string, entitledP90: string, settlementP10: string, settlementP50: string, settlementP90: string }> } };

export type FinanceOverrunViewQueryVariables = Exact<{
  schemeCode: string;
  year: number;
  runId?: string | number | null | undefined;
  settlementId?: string | number | null | undefined;
}>;


export type FinanceOverrunViewQuery = { overrunView: { allocationRunId: string, settlementId: string | null, budget: string, total: string, overrun: string, percentage: string, lines: Array<{ municipalityCode: string, entitlement: string, afterCut: string | null, reduction: string | null }> }, allocationRuns: Array<{ id: string, seq: number, stage: string, status: string, budgetMode: BudgetMode, budget: string, totalAmount: string, overrun: string | null }> };

export type FinanceOverrunSettlementsQueryVariables = Exact<{
  schemeCode: string;
  year: number;
}>;


export type FinanceOverrunSettlementsQuery = { settlements: Array<{ id: string, status: SettlementStatus, createdAt: string, finalisedAt: string | null }> };

export type FinanceAccountabilityOverviewQueryVariables = Exact<{
  schemeCode: string;
  year: number;
  filter?: AccountabilityOverviewFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type FinanceAccountabilityOverviewQuery = { accountabilityOverview: { totalCount: number, pageInfo: { endCursor: string | null, hasNextPage: boolean }, edges: Array<{ node: { municipalityCode: string, municipalityName: string, provinceCode: string, submitted: boolean, late: boolean, overdue: boolean, latestStatus: ReportStatus | null, latestVersion: number | null, differencesBeyondTolerance: number } }> } };

export type FinanceAllocationRunQueryVariables = Exact<{
  id: string;
}>;


export type FinanceAllocationRunQuery = { allocationRun: { id: string, seq: number, schemeCode: string, year: number, stage: string, status: string, budget: string, budgetMode: BudgetMode, totalAmount: string, totalWeight: string, overrun: string | null, municipalityCount: number, referenceDate: string, ruleVersionId: string, createdAt: string, createdBy: string } };

export type FinanceAllocationRunLinesQueryVariables = Exact<{
  id: string;
  after?: string | null | undefined;
}>;


export type FinanceAllocationRunLinesQuery = { allocationRun: { id: string, lines: { pageInfo: { endCursor: string | null, hasNextPage: boolean }, edges: Array<{ node: { municipalityCode: string, amount: string, weight: string, exactShare: string, adjustment: string, decisionNumber: string } }> } } };

export type FinanceAttributionSideBySideQueryVariables = Exact<{
  schemeCode: string;
  year: number;
  ruleVersionId: string | number;
}>;


export type FinanceAttributionSideBySideQuery = { attributionSideBySide: { reference: string, baseRuleVersionId: string, variants: Array<{ label: string, total: string }>, lines: Array<{ municipalityCode: string, amounts: Array<{ variant: string, amount: string, difference: string, percent: string | null }> }> } };

export type FinanceForecastBacktestsQueryVariables = Exact<{ [key: string]: never; }>;


export type FinanceForecastBacktestsQuery = { forecastBacktests: Array<{ id: string, method: ForecastMethod, params: string, createdAt: string, forecastIds: Array<string>, summary: Array<{ sizeClass: string, lines: number, sumActual: string, sumAbsError: string, wape: string | null, coverage50: string | null, coverage80: string | null, coverage90: string | null }> }> };

export type FinanceBacktestRowsQueryVariables = Exact<{
  id: string | number;
  code?: string | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type FinanceBacktestRowsQuery = { forecastBacktest: { id: string, municipalityCodes: Array<string>, rowPage: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { year: number, municipalityCode: string, category: string, route: string | null, forecast: string, p10: string | null, p50: string | null, p90: string | null, actual: string } }> } } };

export type FinanceMunicipalitiesPageQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type FinanceMunicipalitiesPageQuery = { municipalities: { pageInfo: { endCursor: string | null, hasNextPage: boolean }, edges: Array<{ node: { code: string, name: string, province: string, provinceCode: string } }> } };

export type KeyComparisonsQueryVariables = Exact<{
  schemeCode: string;
  year: number;
}>;


export type KeyComparisonsQuery = { keyComparisons: Array<{ id: string, fromYear: number, toYear: number, finalRule: string, createdAt: string, createdBy: string }> };

export type KeyComparisonDetailQueryVariables = Exact<{
  id: string | number;
  key?: string | null | undefined;
  offset?: number | null | undefined;
  limit?: number | null | undefined;
}>;


export type KeyComparisonDetailQuery = { keyComparison: { id: string, fromYear: number, toYear: number, finalRule: string, inputHash: string, outputHash: string, lineCount: number, summary: Array<{ key: string, advance: string, final: string, absSettlement: string, netSettlement: string, volatility: string, relativeError: string | null, yearsWithCounts: number }>, lines: Array<{ key: string, municipalityCode: string, volatility: string, absSettlement: string, netSettlement: string, years: Array<{ year: number, advance: string, final: string, settlement: string }> }> } };

export type RunKeyComparisonMutationVariables = Exact<{
  input: RunKeyComparisonInput;
}>;


export type RunKeyComparisonMutation = { runKeyComparison: { replayed: boolean, comparison: { id: string } } };

export const ConsoleAllocationExplanationFiguresFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleAllocationExplanationFigures"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AllocationExplanation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"decisionNumber"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"baseAmount"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}},{"kind":"Field","name":{"kind":"Name","value":"totalWeight"}},{"kind":"Field","name":{"kind":"Name","value":"exactShare"}},{"kind":"Field","name":{"kind":"Name","value":"adjustment"}},{"kind":"Field","name":{"kind":"Name","value":"budget"}},{"kind":"Field","name":{"kind":"Name","value":"budgetMode"}},{"kind":"Field","name":{"kind":"Name","value":"terms"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"route"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"rate"}},{"kind":"Field","name":{"kind":"Name","value":"rateValidFrom"}},{"kind":"Field","name":{"kind":"Name","value":"product"}}]}}]}}]} as unknown as DocumentNode<ConsoleAllocationExplanationFiguresFragment, unknown>;
export const ConsoleSettlementLineFiguresFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleSettlementLineFigures"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SettlementLine"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"payeeCode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"countBased"}},{"kind":"Field","name":{"kind":"Name","value":"acceptedSpending"}},{"kind":"Field","name":{"kind":"Name","value":"finalEntitlement"}},{"kind":"Field","name":{"kind":"Name","value":"paid"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}}]} as unknown as DocumentNode<ConsoleSettlementLineFiguresFragment, unknown>;
export const AuditorJournalVerificationFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AuditorJournalVerification"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"JournalVerification"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"headHash"}},{"kind":"Field","name":{"kind":"Name","value":"headSequence"}},{"kind":"Field","name":{"kind":"Name","value":"verifiedFrom"}},{"kind":"Field","name":{"kind":"Name","value":"fromCheckpoint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"time"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"brokenAt"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"problem"}},{"kind":"Field","name":{"kind":"Name","value":"expected"}},{"kind":"Field","name":{"kind":"Name","value":"actual"}}]}}]}}]} as unknown as DocumentNode<AuditorJournalVerificationFragment, unknown>;
export const AuditorRunSummaryFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AuditorRunSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ReconciliationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"schemeCode"}},{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"asOf"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"progressDone"}},{"kind":"Field","name":{"kind":"Name","value":"progressTotal"}},{"kind":"Field","name":{"kind":"Name","value":"differenceCount"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}}]}}]} as unknown as DocumentNode<AuditorRunSummaryFragment, unknown>;
export const AuditorDifferenceFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AuditorDifference"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ReconciliationDifference"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ordinal"}},{"kind":"Field","name":{"kind":"Name","value":"check"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"account"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"expected"}},{"kind":"Field","name":{"kind":"Name","value":"actual"}},{"kind":"Field","name":{"kind":"Name","value":"difference"}},{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"cause"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}}]} as unknown as DocumentNode<AuditorDifferenceFragment, unknown>;
export const ConsoleViewerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleViewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}}]}}]}}]} as unknown as DocumentNode<ConsoleViewerQuery, ConsoleViewerQueryVariables>;
export const ConsoleSchemeYearsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleSchemeYears"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"schemes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"budget"}},{"kind":"Field","name":{"kind":"Name","value":"budgetMode"}},{"kind":"Field","name":{"kind":"Name","value":"settlesOnSpending"}},{"kind":"Field","name":{"kind":"Name","value":"usesRoutes"}},{"kind":"Field","name":{"kind":"Name","value":"unitScale"}},{"kind":"Field","name":{"kind":"Name","value":"accountabilityDeadline"}}]}},{"kind":"Field","name":{"kind":"Name","value":"allocationRuns"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"schemeCode"}},{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"ruleVersionId"}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityCount"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}}]}}]}}]} as unknown as DocumentNode<ConsoleSchemeYearsQuery, ConsoleSchemeYearsQueryVariables>;
export const AuditorCheckpointCheckDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditorCheckpointCheck"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"checkpoint"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"checkJournalAgainstCheckpoint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"checkpoint"},"value":{"kind":"Variable","name":{"kind":"Name","value":"checkpoint"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"signatureValid"}},{"kind":"Field","name":{"kind":"Name","value":"checkpointSequence"}},{"kind":"Field","name":{"kind":"Name","value":"headSequence"}},{"kind":"Field","name":{"kind":"Name","value":"headHash"}},{"kind":"Field","name":{"kind":"Name","value":"problems"}}]}}]}}]} as unknown as DocumentNode<AuditorCheckpointCheckQuery, AuditorCheckpointCheckQueryVariables>;
export const AuditorDifferenceTrailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditorDifferenceTrail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ordinal"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reconciliationRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"schemeCode"}},{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"asOf"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reconciliationDifferenceTrail"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}},{"kind":"Argument","name":{"kind":"Name","value":"ordinal"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ordinal"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"difference"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AuditorDifference"}},{"kind":"Field","name":{"kind":"Name","value":"refs"}}]}},{"kind":"Field","name":{"kind":"Name","value":"transactionPage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endCursor"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"effectiveDate"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"causeType"}},{"kind":"Field","name":{"kind":"Name","value":"causeId"}},{"kind":"Field","name":{"kind":"Name","value":"hash"}},{"kind":"Field","name":{"kind":"Name","value":"postingCount"}},{"kind":"Field","name":{"kind":"Name","value":"shownPostings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"line"}},{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"inputs"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AuditorDifference"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ReconciliationDifference"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ordinal"}},{"kind":"Field","name":{"kind":"Name","value":"check"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"account"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"expected"}},{"kind":"Field","name":{"kind":"Name","value":"actual"}},{"kind":"Field","name":{"kind":"Name","value":"difference"}},{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"cause"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}}]} as unknown as DocumentNode<AuditorDifferenceTrailQuery, AuditorDifferenceTrailQueryVariables>;
export const AuditorTrailPostingsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditorTrailPostings"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ordinal"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reconciliationDifferenceTrail"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}},{"kind":"Argument","name":{"kind":"Name","value":"ordinal"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ordinal"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transactionPage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"postings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account"}},{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<AuditorTrailPostingsQuery, AuditorTrailPostingsQueryVariables>;
export const AuditorVerifyJournalDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditorVerifyJournal"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"verifyJournalSinceCheckpoint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AuditorJournalVerification"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reconciliationRuns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"StringValue","value":"SUCCEEDED","block":false}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"schemeCode"}},{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"asOf"}},{"kind":"Field","name":{"kind":"Name","value":"journalHeadSequence"}},{"kind":"Field","name":{"kind":"Name","value":"journalHeadHash"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AuditorJournalVerification"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"JournalVerification"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"headHash"}},{"kind":"Field","name":{"kind":"Name","value":"headSequence"}},{"kind":"Field","name":{"kind":"Name","value":"verifiedFrom"}},{"kind":"Field","name":{"kind":"Name","value":"fromCheckpoint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"time"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"brokenAt"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"problem"}},{"kind":"Field","name":{"kind":"Name","value":"expected"}},{"kind":"Field","name":{"kind":"Name","value":"actual"}}]}}]}}]} as unknown as DocumentNode<AuditorVerifyJournalQuery, AuditorVerifyJournalQueryVariables>;
export const AuditorVerifyJournalFullDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditorVerifyJournalFull"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"verifyJournal"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AuditorJournalVerification"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AuditorJournalVerification"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"JournalVerification"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"headHash"}},{"kind":"Field","name":{"kind":"Name","value":"headSequence"}},{"kind":"Field","name":{"kind":"Name","value":"verifiedFrom"}},{"kind":"Field","name":{"kind":"Name","value":"fromCheckpoint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"time"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"brokenAt"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"transactionId"}},{"kind":"Field","name":{"kind":"Name","value":"problem"}},{"kind":"Field","name":{"kind":"Name","value":"expected"}},{"kind":"Field","name":{"kind":"Name","value":"actual"}}]}}]}}]} as unknown as DocumentNode<AuditorVerifyJournalFullQuery, AuditorVerifyJournalFullQueryVariables>;
export const AuditorReconciliationRunsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditorReconciliationRuns"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ReconciliationRunFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reconciliationRuns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"200"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AuditorRunSummary"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AuditorRunSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ReconciliationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"schemeCode"}},{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"asOf"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"progressDone"}},{"kind":"Field","name":{"kind":"Name","value":"progressTotal"}},{"kind":"Field","name":{"kind":"Name","value":"differenceCount"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}}]}}]} as unknown as DocumentNode<AuditorReconciliationRunsQuery, AuditorReconciliationRunsQueryVariables>;
export const AuditorStartReconciliationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AuditorStartReconciliation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StartReconciliationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startReconciliation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"schemeCode"}},{"kind":"Field","name":{"kind":"Name","value":"year"}}]}}]}}]} as unknown as DocumentNode<AuditorStartReconciliationMutation, AuditorStartReconciliationMutationVariables>;
export const AuditorExportableRunsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditorExportableRuns"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reconciliationRuns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"200"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"StringValue","value":"SUCCEEDED","block":false}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"schemeCode"}},{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"asOf"}},{"kind":"Field","name":{"kind":"Name","value":"differenceCount"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]}}]}}]} as unknown as DocumentNode<AuditorExportableRunsQuery, AuditorExportableRunsQueryVariables>;
export const AuditorExportReconciliationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AuditorExportReconciliation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"format"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReconciliationExportFormat"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportReconciliation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}},{"kind":"Argument","name":{"kind":"Name","value":"format"},"value":{"kind":"Variable","name":{"kind":"Name","value":"format"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"downloadPath"}},{"kind":"Field","name":{"kind":"Name","value":"exportedAt"}},{"kind":"Field","name":{"kind":"Name","value":"exportedBy"}}]}}]}}]} as unknown as DocumentNode<AuditorExportReconciliationMutation, AuditorExportReconciliationMutationVariables>;
export const AuditorRunDifferencesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditorRunDifferences"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ReconciliationDifferenceFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reconciliationDifferences"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"500"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AuditorDifference"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AuditorDifference"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ReconciliationDifference"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ordinal"}},{"kind":"Field","name":{"kind":"Name","value":"check"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"account"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"expected"}},{"kind":"Field","name":{"kind":"Name","value":"actual"}},{"kind":"Field","name":{"kind":"Name","value":"difference"}},{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"cause"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}}]} as unknown as DocumentNode<AuditorRunDifferencesQuery, AuditorRunDifferencesQueryVariables>;
export const AuditorReconciliationRunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditorReconciliationRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reconciliationRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AuditorRunSummary"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"inputHash"}},{"kind":"Field","name":{"kind":"Name","value":"outputHash"}},{"kind":"Field","name":{"kind":"Name","value":"journalHeadHash"}},{"kind":"Field","name":{"kind":"Name","value":"journalHeadSequence"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityCodes"}},{"kind":"Field","name":{"kind":"Name","value":"totals"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reconciliationReproductions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inputHash"}},{"kind":"Field","name":{"kind":"Name","value":"outputHash"}},{"kind":"Field","name":{"kind":"Name","value":"matches"}},{"kind":"Field","name":{"kind":"Name","value":"reproducedAt"}},{"kind":"Field","name":{"kind":"Name","value":"reproducedBy"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AuditorRunSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ReconciliationRun"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"schemeCode"}},{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"asOf"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"progressDone"}},{"kind":"Field","name":{"kind":"Name","value":"progressTotal"}},{"kind":"Field","name":{"kind":"Name","value":"differenceCount"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}}]}}]} as unknown as DocumentNode<AuditorReconciliationRunQuery, AuditorReconciliationRunQueryVariables>;
export const AuditorReproduceReconciliationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AuditorReproduceReconciliation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reproduceReconciliation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"matches"}},{"kind":"Field","name":{"kind":"Name","value":"inputHash"}},{"kind":"Field","name":{"kind":"Name","value":"outputHash"}}]}}]}}]} as unknown as DocumentNode<AuditorReproduceReconciliationMutation, AuditorReproduceReconciliationMutationVariables>;
export const ChainTimelinessDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ChainTimeliness"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"from"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"to"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"codes"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notificationTimeliness"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"from"},"value":{"kind":"Variable","name":{"kind":"Name","value":"from"}}},{"kind":"Argument","name":{"kind":"Name","value":"to"},"value":{"kind":"Variable","name":{"kind":"Name","value":"to"}}},{"kind":"Argument","name":{"kind":"Name","value":"municipalityCodes"},"value":{"kind":"Variable","name":{"kind":"Name","value":"codes"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"receiveP50Seconds"}},{"kind":"Field","name":{"kind":"Name","value":"receiveP90Seconds"}},{"kind":"Field","name":{"kind":"Name","value":"notifyP50Seconds"}},{"kind":"Field","name":{"kind":"Name","value":"notifyP90Seconds"}},{"kind":"Field","name":{"kind":"Name","value":"maxNotifySeconds"}}]}}]}}]} as unknown as DocumentNode<ChainTimelinessQuery, ChainTimelinessQueryVariables>;
export const ChainReceptionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ChainReception"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"date"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"peopleInReception"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"date"},"value":{"kind":"Variable","name":{"kind":"Name","value":"date"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"longestDays"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"personId"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"obligationStart"}},{"kind":"Field","name":{"kind":"Name","value":"daysWaiting"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ChainReceptionQuery, ChainReceptionQueryVariables>;
export const ChainDeliveriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ChainDeliveries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"codes"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"chainDeliveries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"municipalityCodes"},"value":{"kind":"Variable","name":{"kind":"Name","value":"codes"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredUpTo"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"deadSince"}},{"kind":"Field","name":{"kind":"Name","value":"lastDeliveredAt"}}]}}]}}]} as unknown as DocumentNode<ChainDeliveriesQuery, ChainDeliveriesQueryVariables>;
export const ChainRegisterEndpointDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ChainRegisterEndpoint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"code"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"url"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registerChainEndpoint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"municipalityCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}},{"kind":"Argument","name":{"kind":"Name","value":"url"},"value":{"kind":"Variable","name":{"kind":"Name","value":"url"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"secret"}}]}}]}}]} as unknown as DocumentNode<ChainRegisterEndpointMutation, ChainRegisterEndpointMutationVariables>;
export const ChainTestEndpointDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ChainTestEndpoint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"code"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"testChainEndpoint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"municipalityCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]}}]} as unknown as DocumentNode<ChainTestEndpointMutation, ChainTestEndpointMutationVariables>;
export const ChainReplayDeliveriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ChainReplayDeliveries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"code"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"replayChainDeliveries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"municipalityCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"deadSince"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}}]}}]}}]} as unknown as DocumentNode<ChainReplayDeliveriesMutation, ChainReplayDeliveriesMutationVariables>;
export const ControllerAlertsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ControllerAlerts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"code"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alerts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"200"}},{"kind":"Argument","name":{"kind":"Name","value":"municipalityCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"condition"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"evidence"}},{"kind":"Field","name":{"kind":"Name","value":"evaluatedAt"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"alertSubscriptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"condition"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"schemeCode"}},{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"days"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"subscriber"}},{"kind":"Field","name":{"kind":"Name","value":"subscriberRole"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"cancelledAt"}},{"kind":"Field","name":{"kind":"Name","value":"cancellations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resumedAt"}},{"kind":"Field","name":{"kind":"Name","value":"resumedBy"}}]}}]}}]}}]} as unknown as DocumentNode<ControllerAlertsQuery, ControllerAlertsQueryVariables>;
export const ControllerSubscribeAlertDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ControllerSubscribeAlert"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SubscribeAlertInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subscribeAlert"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"replayed"}},{"kind":"Field","name":{"kind":"Name","value":"subscription"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<ControllerSubscribeAlertMutation, ControllerSubscribeAlertMutationVariables>;
export const ControllerCancelAlertSubscriptionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ControllerCancelAlertSubscription"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CancelAlertSubscriptionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelAlertSubscription"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"replayed"}},{"kind":"Field","name":{"kind":"Name","value":"cleared"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<ControllerCancelAlertSubscriptionMutation, ControllerCancelAlertSubscriptionMutationVariables>;
export const ControllerResumeAlertSubscriptionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ControllerResumeAlertSubscription"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ResumeAlertSubscriptionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resumeAlertSubscription"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"replayed"}},{"kind":"Field","name":{"kind":"Name","value":"subscription"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"cancelledAt"}}]}}]}}]}}]} as unknown as DocumentNode<ControllerResumeAlertSubscriptionMutation, ControllerResumeAlertSubscriptionMutationVariables>;
export const ControllerMunicipalityDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ControllerMunicipality"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"code"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"municipality"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"code"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"province"}},{"kind":"Field","name":{"kind":"Name","value":"population"}}]}}]}}]} as unknown as DocumentNode<ControllerMunicipalityQuery, ControllerMunicipalityQueryVariables>;
export const ControllerRunLineDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ControllerRunLine"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"code"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allocationRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"municipalityCodes"},"value":{"kind":"ListValue","values":[{"kind":"Variable","name":{"kind":"Name","value":"code"}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"decisionNumber"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}},{"kind":"Field","name":{"kind":"Name","value":"baseAmount"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"allocationExplanation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"municipalityCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}},{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleAllocationExplanationFigures"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleAllocationExplanationFigures"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AllocationExplanation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"decisionNumber"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"baseAmount"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}},{"kind":"Field","name":{"kind":"Name","value":"totalWeight"}},{"kind":"Field","name":{"kind":"Name","value":"exactShare"}},{"kind":"Field","name":{"kind":"Name","value":"adjustment"}},{"kind":"Field","name":{"kind":"Name","value":"budget"}},{"kind":"Field","name":{"kind":"Name","value":"budgetMode"}},{"kind":"Field","name":{"kind":"Name","value":"terms"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"route"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"rate"}},{"kind":"Field","name":{"kind":"Name","value":"rateValidFrom"}},{"kind":"Field","name":{"kind":"Name","value":"product"}}]}}]}}]} as unknown as DocumentNode<ControllerRunLineQuery, ControllerRunLineQueryVariables>;
export const ControllerAdvanceStatementDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ControllerAdvanceStatement"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"code"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"schemeCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"year"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"municipalityAdvanceStatement"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"municipalityCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}},{"kind":"Argument","name":{"kind":"Name","value":"schemeCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"schemeCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"year"},"value":{"kind":"Variable","name":{"kind":"Name","value":"year"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"suspended"}},{"kind":"Field","name":{"kind":"Name","value":"totalPaid"}},{"kind":"Field","name":{"kind":"Name","value":"totalPlanned"}},{"kind":"Field","name":{"kind":"Name","value":"explanation"}},{"kind":"Field","name":{"kind":"Name","value":"tranches"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"dueDate"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"cash"}},{"kind":"Field","name":{"kind":"Name","value":"offset"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"advanceSuspensions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"municipalityCodes"},"value":{"kind":"ListValue","values":[{"kind":"Variable","name":{"kind":"Name","value":"code"}}]}},{"kind":"Argument","name":{"kind":"Name","value":"schemeCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"schemeCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"year"},"value":{"kind":"Variable","name":{"kind":"Name","value":"year"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"overdueYears"}}]}}]}}]} as unknown as DocumentNode<ControllerAdvanceStatementQuery, ControllerAdvanceStatementQueryVariables>;
export const ControllerPeopleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ControllerPeople"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"code"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"date"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"peopleInView"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"municipalityCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}},{"kind":"Argument","name":{"kind":"Name","value":"date"},"value":{"kind":"Variable","name":{"kind":"Name","value":"date"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endCursor"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"personId"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"route"}},{"kind":"Field","name":{"kind":"Name","value":"startDate"}},{"kind":"Field","name":{"kind":"Name","value":"endDate"}},{"kind":"Field","name":{"kind":"Name","value":"obligationNo"}},{"kind":"Field","name":{"kind":"Name","value":"obligationStart"}},{"kind":"Field","name":{"kind":"Name","value":"obligationEnd"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ControllerPeopleQuery, ControllerPeopleQueryVariables>;
export const ControllerSettlementsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ControllerSettlements"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"schemeCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"year"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"settlements"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"schemeCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"schemeCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"year"},"value":{"kind":"Variable","name":{"kind":"Name","value":"year"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"finalisedAt"}},{"kind":"Field","name":{"kind":"Name","value":"effectiveDate"}},{"kind":"Field","name":{"kind":"Name","value":"preparedBy"}},{"kind":"Field","name":{"kind":"Name","value":"approvedBy"}},{"kind":"Field","name":{"kind":"Name","value":"recoveryMode"}},{"kind":"Field","name":{"kind":"Name","value":"replacesId"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleSettlementLineFigures"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleSettlementLineFigures"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SettlementLine"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"payeeCode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"countBased"}},{"kind":"Field","name":{"kind":"Name","value":"acceptedSpending"}},{"kind":"Field","name":{"kind":"Name","value":"finalEntitlement"}},{"kind":"Field","name":{"kind":"Name","value":"paid"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}}]} as unknown as DocumentNode<ControllerSettlementsQuery, ControllerSettlementsQueryVariables>;
export const ControllerReportsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ControllerReports"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"code"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountabilityReports"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"municipalityCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"schemeCode"}},{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"deadline"}},{"kind":"Field","name":{"kind":"Name","value":"late"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"submittedBy"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decisionReason"}},{"kind":"Field","name":{"kind":"Name","value":"replacesId"}},{"kind":"Field","name":{"kind":"Name","value":"periodStart"}},{"kind":"Field","name":{"kind":"Name","value":"periodEnd"}},{"kind":"Field","name":{"kind":"Name","value":"eligibleSpending"}},{"kind":"Field","name":{"kind":"Name","value":"counts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"line"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"route"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"explanation"}}]}},{"kind":"Field","name":{"kind":"Name","value":"expenditure"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"line"}},{"kind":"Field","name":{"kind":"Name","value":"component"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"explanation"}}]}},{"kind":"Field","name":{"kind":"Name","value":"attachments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"sha256"}}]}},{"kind":"Field","name":{"kind":"Name","value":"differences"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"check"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"route"}},{"kind":"Field","name":{"kind":"Name","value":"reported"}},{"kind":"Field","name":{"kind":"Name","value":"expected"}},{"kind":"Field","name":{"kind":"Name","value":"difference"}},{"kind":"Field","name":{"kind":"Name","value":"beyondTolerance"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ControllerReportsQuery, ControllerReportsQueryVariables>;
export const ControllerCreateReportDraftDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ControllerCreateReportDraft"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateReportDraftInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createReportDraft"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<ControllerCreateReportDraftMutation, ControllerCreateReportDraftMutationVariables>;
export const ControllerUpdateReportDraftDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ControllerUpdateReportDraft"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateReportDraftInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateReportDraft"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<ControllerUpdateReportDraftMutation, ControllerUpdateReportDraftMutationVariables>;
export const ControllerSubmitReportDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ControllerSubmitReport"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reportId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitReport"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"reportId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reportId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"late"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}}]}}]}}]} as unknown as DocumentNode<ControllerSubmitReportMutation, ControllerSubmitReportMutationVariables>;
export const FinanceAdvancePlansDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FinanceAdvancePlans"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"schemeCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"year"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"advancePlans"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"schemeCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"schemeCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"year"},"value":{"kind":"Variable","name":{"kind":"Name","value":"year"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"current"}},{"kind":"Field","name":{"kind":"Name","value":"advanceRate"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"totalAdvance"}},{"kind":"Field","name":{"kind":"Name","value":"totalExcess"}},{"kind":"Field","name":{"kind":"Name","value":"allocationRunId"}}]}}]}}]} as unknown as DocumentNode<FinanceAdvancePlansQuery, FinanceAdvancePlansQueryVariables>;
export const FinanceAdvancePlanMonthsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FinanceAdvancePlanMonths"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"planId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"advancePlanMonths"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"planId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"planId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"month"}},{"kind":"Field","name":{"kind":"Name","value":"planned"}},{"kind":"Field","name":{"kind":"Name","value":"paid"}},{"kind":"Field","name":{"kind":"Name","value":"suspended"}},{"kind":"Field","name":{"kind":"Name","value":"tranches"}},{"kind":"Field","name":{"kind":"Name","value":"tranchesPaid"}}]}}]}}]} as unknown as DocumentNode<FinanceAdvancePlanMonthsQuery, FinanceAdvancePlanMonthsQueryVariables>;
export const FinanceAlertsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FinanceAlerts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alerts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"200"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"subscriptionId"}},{"kind":"Field","name":{"kind":"Name","value":"condition"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"evidence"}},{"kind":"Field","name":{"kind":"Name","value":"evaluatedAt"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"alertSubscriptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"condition"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"schemeCode"}},{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"days"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"allocationRunId"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"subscriber"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"cancelledAt"}},{"kind":"Field","name":{"kind":"Name","value":"cancellations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resumedAt"}},{"kind":"Field","name":{"kind":"Name","value":"resumedBy"}}]}}]}}]}}]} as unknown as DocumentNode<FinanceAlertsQuery, FinanceAlertsQueryVariables>;
export const FinanceCancelAlertSubscriptionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"FinanceCancelAlertSubscription"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CancelAlertSubscriptionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelAlertSubscription"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"replayed"}},{"kind":"Field","name":{"kind":"Name","value":"cleared"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<FinanceCancelAlertSubscriptionMutation, FinanceCancelAlertSubscriptionMutationVariables>;
export const FinanceResumeAlertSubscriptionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"FinanceResumeAlertSubscription"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ResumeAlertSubscriptionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resumeAlertSubscription"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"replayed"}},{"kind":"Field","name":{"kind":"Name","value":"subscription"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<FinanceResumeAlertSubscriptionMutation, FinanceResumeAlertSubscriptionMutationVariables>;
export const FinanceSubscribeAlertDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"FinanceSubscribeAlert"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SubscribeAlertInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subscribeAlert"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"replayed"}},{"kind":"Field","name":{"kind":"Name","value":"subscription"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<FinanceSubscribeAlertMutation, FinanceSubscribeAlertMutationVariables>;
export const FinanceEvaluateAlertsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"FinanceEvaluateAlerts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"evaluateAlerts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subscriptions"}},{"kind":"Field","name":{"kind":"Name","value":"problems"}},{"kind":"Field","name":{"kind":"Name","value":"alerts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<FinanceEvaluateAlertsMutation, FinanceEvaluateAlertsMutationVariables>;
export const FinanceAllocationExplanationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FinanceAllocationExplanation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"code"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allocationExplanation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"municipalityCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}},{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleAllocationExplanationFigures"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleAllocationExplanationFigures"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AllocationExplanation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"decisionNumber"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"baseAmount"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}},{"kind":"Field","name":{"kind":"Name","value":"totalWeight"}},{"kind":"Field","name":{"kind":"Name","value":"exactShare"}},{"kind":"Field","name":{"kind":"Name","value":"adjustment"}},{"kind":"Field","name":{"kind":"Name","value":"budget"}},{"kind":"Field","name":{"kind":"Name","value":"budgetMode"}},{"kind":"Field","name":{"kind":"Name","value":"terms"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"route"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"rate"}},{"kind":"Field","name":{"kind":"Name","value":"rateValidFrom"}},{"kind":"Field","name":{"kind":"Name","value":"product"}}]}}]}}]} as unknown as DocumentNode<FinanceAllocationExplanationQuery, FinanceAllocationExplanationQueryVariables>;
export const FinanceExposureForecastsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FinanceExposureForecasts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"year"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"forecasts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"year"},"value":{"kind":"Variable","name":{"kind":"Name","value":"year"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"params"}}]}}]}}]} as unknown as DocumentNode<FinanceExposureForecastsQuery, FinanceExposureForecastsQueryVariables>;
export const FinanceExposureDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FinanceExposure"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"forecastId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"forecastExposure"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"forecastId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"forecastId"}}},{"kind":"Argument","name":{"kind":"Name","value":"allocationRunId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"budget"}},{"kind":"Field","name":{"kind":"Name","value":"totalOnEstimate"}},{"kind":"Field","name":{"kind":"Name","value":"totalP10"}},{"kind":"Field","name":{"kind":"Name","value":"totalP50"}},{"kind":"Field","name":{"kind":"Name","value":"totalP90"}},{"kind":"Field","name":{"kind":"Name","value":"overrunP10"}},{"kind":"Field","name":{"kind":"Name","value":"overrunP50"}},{"kind":"Field","name":{"kind":"Name","value":"overrunP90"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"paid"}},{"kind":"Field","name":{"kind":"Name","value":"advanceBasis"}},{"kind":"Field","name":{"kind":"Name","value":"entitledP10"}},{"kind":"Field","name":{"kind":"Name","value":"entitledP50"}},{"kind":"Field","name":{"kind":"Name","value":"entitledP90"}},{"kind":"Field","name":{"kind":"Name","value":"settlementP10"}},{"kind":"Field","name":{"kind":"Name","value":"settlementP50"}},{"kind":"Field","name":{"kind":"Name","value":"settlementP90"}}]}}]}}]}}]} as unknown as DocumentNode<FinanceExposureQuery, FinanceExposureQueryVariables>;
export const FinanceOverrunViewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FinanceOverrunView"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"schemeCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"year"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"settlementId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"overrunView"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"schemeCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"schemeCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"year"},"value":{"kind":"Variable","name":{"kind":"Name","value":"year"}}},{"kind":"Argument","name":{"kind":"Name","value":"allocationRunId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}},{"kind":"Argument","name":{"kind":"Name","value":"settlementId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"settlementId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allocationRunId"}},{"kind":"Field","name":{"kind":"Name","value":"settlementId"}},{"kind":"Field","name":{"kind":"Name","value":"budget"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"overrun"}},{"kind":"Field","name":{"kind":"Name","value":"percentage"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"entitlement"}},{"kind":"Field","name":{"kind":"Name","value":"afterCut"}},{"kind":"Field","name":{"kind":"Name","value":"reduction"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"allocationRuns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"schemeCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"schemeCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"year"},"value":{"kind":"Variable","name":{"kind":"Name","value":"year"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"budgetMode"}},{"kind":"Field","name":{"kind":"Name","value":"budget"}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"}},{"kind":"Field","name":{"kind":"Name","value":"overrun"}}]}}]}}]} as unknown as DocumentNode<FinanceOverrunViewQuery, FinanceOverrunViewQueryVariables>;
export const FinanceOverrunSettlementsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FinanceOverrunSettlements"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"schemeCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"year"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"settlements"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"schemeCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"schemeCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"year"},"value":{"kind":"Variable","name":{"kind":"Name","value":"year"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"finalisedAt"}}]}}]}}]} as unknown as DocumentNode<FinanceOverrunSettlementsQuery, FinanceOverrunSettlementsQueryVariables>;
export const FinanceAccountabilityOverviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FinanceAccountabilityOverview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"schemeCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"year"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AccountabilityOverviewFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountabilityOverview"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"schemeCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"schemeCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"year"},"value":{"kind":"Variable","name":{"kind":"Name","value":"year"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"500"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endCursor"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityName"}},{"kind":"Field","name":{"kind":"Name","value":"provinceCode"}},{"kind":"Field","name":{"kind":"Name","value":"submitted"}},{"kind":"Field","name":{"kind":"Name","value":"late"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"latestStatus"}},{"kind":"Field","name":{"kind":"Name","value":"latestVersion"}},{"kind":"Field","name":{"kind":"Name","value":"differencesBeyondTolerance"}}]}}]}}]}}]}}]} as unknown as DocumentNode<FinanceAccountabilityOverviewQuery, FinanceAccountabilityOverviewQueryVariables>;
export const FinanceAllocationRunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FinanceAllocationRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allocationRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"schemeCode"}},{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"budget"}},{"kind":"Field","name":{"kind":"Name","value":"budgetMode"}},{"kind":"Field","name":{"kind":"Name","value":"totalAmount"}},{"kind":"Field","name":{"kind":"Name","value":"totalWeight"}},{"kind":"Field","name":{"kind":"Name","value":"overrun"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityCount"}},{"kind":"Field","name":{"kind":"Name","value":"referenceDate"}},{"kind":"Field","name":{"kind":"Name","value":"ruleVersionId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}}]}}]}}]} as unknown as DocumentNode<FinanceAllocationRunQuery, FinanceAllocationRunQueryVariables>;
export const FinanceAllocationRunLinesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FinanceAllocationRunLines"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allocationRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"500"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endCursor"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}},{"kind":"Field","name":{"kind":"Name","value":"exactShare"}},{"kind":"Field","name":{"kind":"Name","value":"adjustment"}},{"kind":"Field","name":{"kind":"Name","value":"decisionNumber"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<FinanceAllocationRunLinesQuery, FinanceAllocationRunLinesQueryVariables>;
export const FinanceAttributionSideBySideDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FinanceAttributionSideBySide"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"schemeCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"year"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ruleVersionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"attributionSideBySide"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"schemeCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"schemeCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"year"},"value":{"kind":"Variable","name":{"kind":"Name","value":"year"}}},{"kind":"Argument","name":{"kind":"Name","value":"ruleVersionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ruleVersionId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"baseRuleVersionId"}},{"kind":"Field","name":{"kind":"Name","value":"variants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"total"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"amounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"variant"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"difference"}},{"kind":"Field","name":{"kind":"Name","value":"percent"}}]}}]}}]}}]}}]} as unknown as DocumentNode<FinanceAttributionSideBySideQuery, FinanceAttributionSideBySideQueryVariables>;
export const FinanceForecastBacktestsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FinanceForecastBacktests"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"forecastBacktests"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"params"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"forecastIds"}},{"kind":"Field","name":{"kind":"Name","value":"summary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sizeClass"}},{"kind":"Field","name":{"kind":"Name","value":"lines"}},{"kind":"Field","name":{"kind":"Name","value":"sumActual"}},{"kind":"Field","name":{"kind":"Name","value":"sumAbsError"}},{"kind":"Field","name":{"kind":"Name","value":"wape"}},{"kind":"Field","name":{"kind":"Name","value":"coverage50"}},{"kind":"Field","name":{"kind":"Name","value":"coverage80"}},{"kind":"Field","name":{"kind":"Name","value":"coverage90"}}]}}]}}]}}]} as unknown as DocumentNode<FinanceForecastBacktestsQuery, FinanceForecastBacktestsQueryVariables>;
export const FinanceBacktestRowsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FinanceBacktestRows"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"code"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"forecastBacktest"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityCodes"}},{"kind":"Field","name":{"kind":"Name","value":"rowPage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"municipalityCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"route"}},{"kind":"Field","name":{"kind":"Name","value":"forecast"}},{"kind":"Field","name":{"kind":"Name","value":"p10"}},{"kind":"Field","name":{"kind":"Name","value":"p50"}},{"kind":"Field","name":{"kind":"Name","value":"p90"}},{"kind":"Field","name":{"kind":"Name","value":"actual"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<FinanceBacktestRowsQuery, FinanceBacktestRowsQueryVariables>;
export const FinanceMunicipalitiesPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FinanceMunicipalitiesPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"municipalities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"500"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endCursor"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"province"}},{"kind":"Field","name":{"kind":"Name","value":"provinceCode"}}]}}]}}]}}]}}]} as unknown as DocumentNode<FinanceMunicipalitiesPageQuery, FinanceMunicipalitiesPageQueryVariables>;
export const KeyComparisonsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"KeyComparisons"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"schemeCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"year"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"keyComparisons"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"schemeCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"schemeCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"year"},"value":{"kind":"Variable","name":{"kind":"Name","value":"year"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fromYear"}},{"kind":"Field","name":{"kind":"Name","value":"toYear"}},{"kind":"Field","name":{"kind":"Name","value":"finalRule"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}}]}}]}}]} as unknown as DocumentNode<KeyComparisonsQuery, KeyComparisonsQueryVariables>;
export const KeyComparisonDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"KeyComparisonDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"key"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"offset"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"keyComparison"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"key"},"value":{"kind":"Variable","name":{"kind":"Name","value":"key"}}},{"kind":"Argument","name":{"kind":"Name","value":"offset"},"value":{"kind":"Variable","name":{"kind":"Name","value":"offset"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fromYear"}},{"kind":"Field","name":{"kind":"Name","value":"toYear"}},{"kind":"Field","name":{"kind":"Name","value":"finalRule"}},{"kind":"Field","name":{"kind":"Name","value":"inputHash"}},{"kind":"Field","name":{"kind":"Name","value":"outputHash"}},{"kind":"Field","name":{"kind":"Name","value":"summary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"advance"}},{"kind":"Field","name":{"kind":"Name","value":"final"}},{"kind":"Field","name":{"kind":"Name","value":"absSettlement"}},{"kind":"Field","name":{"kind":"Name","value":"netSettlement"}},{"kind":"Field","name":{"kind":"Name","value":"volatility"}},{"kind":"Field","name":{"kind":"Name","value":"relativeError"}},{"kind":"Field","name":{"kind":"Name","value":"yearsWithCounts"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lineCount"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"volatility"}},{"kind":"Field","name":{"kind":"Name","value":"absSettlement"}},{"kind":"Field","name":{"kind":"Name","value":"netSettlement"}},{"kind":"Field","name":{"kind":"Name","value":"years"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"year"}},{"kind":"Field","name":{"kind":"Name","value":"advance"}},{"kind":"Field","name":{"kind":"Name","value":"final"}},{"kind":"Field","name":{"kind":"Name","value":"settlement"}}]}}]}}]}}]}}]} as unknown as DocumentNode<KeyComparisonDetailQuery, KeyComparisonDetailQueryVariables>;
export const RunKeyComparisonDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RunKeyComparison"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RunKeyComparisonInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runKeyComparison"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"replayed"}},{"kind":"Field","name":{"kind":"Name","value":"comparison"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<RunKeyComparisonMutation, RunKeyComparisonMutationVariables>;