import { getNamedType, isLeafType, isNonNullType, isObjectType, type GraphQLObjectType, type GraphQLOutputType } from 'graphql';
import type { QueryRunner } from 'typeorm';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { getSchema } from '../../src/schema';
import { listAllocationRules, listAllocationRuns, loadAllocationFixtures, runAllocation, RunStage } from '../../src/modules/allocations';
import { draftSettlement } from '../../src/modules/settlements';
import { Role } from '../../src/common/auth/actor';
import { accounts, postTransactions } from '../../src/modules/ledger';
import { runCommand } from '../../src/common/db/run-command';
import { money } from '../../src/common/money/money';
import { processRun } from '../../src/modules/reconciliation';

/**
 * The SQL statements issued while resolving a list must not grow with the number of rows it
 * returns: every query below is run with `first: 10` and with `first: 500` on the same data, and
 * both must issue the same number of statements. Each node selects every field it has (leaves and
 * nested objects whose arguments are all optional, two levels deep), so a field resolver that
 * queries per row is caught whichever field it is.
 */
let t: TestApp;
let statements: string[] | null = null;
let reconciliationRunId = '';
let settlementId = '';

beforeAll(async () => {
  t = await createTestApp();
  // TypeORM reports every statement to its logger, whatever the `logging` option says.
  const logger = t.dataSource.logger;
  const original = logger.logQuery.bind(logger);
  logger.logQuery = (query: string, parameters?: unknown[], queryRunner?: QueryRunner) => {
    statements?.push(query);
    original(query, parameters, queryRunner);
  };
  await loadAllocationFixtures(t.ctx());
  // An allocation run books one transaction; the journal list needs hundreds of rows to compare.
  const codes = (await t.dataSource.query<{ code: string }[]>(`SELECT code FROM municipalities ORDER BY code`)).map((r) => r.code);
  await runCommand(t.ctx(), (tx) =>
    postTransactions(
      tx,
      codes.map((m, i) => ({
        idempotencyKey: `n-plus-one-${i}`,
        kind: 'MANUAL_CORRECTION' as const,
        effectiveDate: '2026-03-01',
        reason: 'many rows for the N+1 check',
        cause: null,
        postings: [
          { account: accounts.commitment('SPUK-WI2021', 2026), direction: 'DEBIT' as const, amount: money('1.00') },
          { account: accounts.committed(m, 'SPUK-WI2021', 2026), direction: 'CREDIT' as const, amount: money('1.00') },
        ],
      })),
    ),
  );
  // Accountability reports: a draft by the controllers of the first 40 municipalities.
  for (const code of codes.slice(0, 40)) {
    await t.ok(
      `mutation ($input: CreateReportDraftInput!) { createReportDraft(input: $input) { id } }`,
      {
        input: {
          municipalityCode: code,
          schemeCode: 'SPUK-WI2021',
          year: 2026,
          counts: [{ category: 'ASIELSTATUSHOUDER', count: '10' }],
          expenditure: [{ component: 'LANGUAGE_AND_INTEGRATION', amount: '1000.00' }],
        },
      },
      await t.tokens.controller(code),
    );
  }
  // A reconciliation run: the corrections above leave every municipality's commitment one euro off.
  const started = await t.ok<{ startReconciliation: { id: string } }>(
    `mutation ($input: StartReconciliationInput!) { startReconciliation(input: $input) { id } }`,
    { input: { schemeCode: 'SPUK-WI2021', year: 2026 } },
    t.tokens.auditor,
  );
  reconciliationRunId = started.startReconciliation.id;
  await processRun(t.dataSource, reconciliationRunId);
  // A draft settlement of every municipality, on a DEFINITIVE run of the forecast rule.
  const fo = t.ctx(Role.FINANCE_OFFICER, null, 'fo-1');
  const forecastRule = (await listAllocationRules(fo, { ruleKey: 'SPUK-FORECAST' }))[0];
  const definitive = await runAllocation(fo, {
    schemeCode: 'SPUK-WI2021',
    year: 2026,
    ruleVersionId: forecastRule?.id ?? '',
    stage: RunStage.DEFINITIVE,
    idempotencyKey: 'n-plus-one-definitive',
    dryRun: false,
  });
  const drafted = await draftSettlement(fo, {
    schemeCode: 'SPUK-WI2021',
    year: 2026,
    allocationRunId: definitive.run.id,
    recoveryMode: 'INVOICE',
    idempotencyKey: 'n-plus-one-settlement',
  });
  settlementId = drafted.settlement.id;
}, 600_000);

afterAll(() => t.close());

function unwrapObject(type: GraphQLOutputType): GraphQLObjectType | null {
  const named = getNamedType(type);
  return isObjectType(named) ? named : null;
}

/** Every field of a type without required arguments; nested objects down to `depth`. */
function selectionOf(type: GraphQLObjectType, depth: number): string {
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) {
      continue;
    }
    if (isLeafType(getNamedType(field.type))) {
      parts.push(field.name);
      continue;
    }
    const inner = unwrapObject(field.type);
    if (inner && depth > 0) {
      const sub = selectionOf(inner, depth - 1);
      if (sub !== '') {
        parts.push(`${field.name} { ${sub} }`);
      }
    }
  }
  return parts.join(' ');
}

async function nodeSelection(connectionType: string): Promise<string> {
  const schema = await getSchema();
  const connection = schema.getType(connectionType);
  if (!isObjectType(connection)) {
    throw new Error(`${connectionType} is not an object type`);
  }
  const edges = connection.getFields().edges;
  const edge = edges ? unwrapObject(edges.type) : null;
  const node = edge?.getFields().node;
  const nodeType = node ? unwrapObject(node.type) : null;
  if (!nodeType) {
    throw new Error(`${connectionType} has no edges.node`);
  }
  return selectionOf(nodeType, 2);
}

/** Runs `query` and returns how many SQL statements it issued and how many edges it got. */
async function measure(query: string, variables: Record<string, unknown>, edgesAt: (data: Record<string, unknown>) => unknown[]) {
  statements = [];
  try {
    const data = await t.ok<Record<string, unknown>>(query, variables, t.tokens.finance);
    return { statements: statements.length, rows: edgesAt(data).length, sql: [...statements] };
  } finally {
    statements = null;
  }
}

interface Case {
  name: string;
  connection: string;
  query: (selection: string) => string;
  variables: () => Promise<Record<string, unknown>>;
  edges: (data: Record<string, unknown>) => unknown[];
  /** At least this many rows with the large page, or the comparison proves nothing. */
  minRows: number;
  /** The large page (500 unless the node is too costly for the complexity limit). */
  large?: number;
}

const path =
  (...keys: string[]) =>
  (data: Record<string, unknown>): unknown[] =>
    keys.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], data) as unknown[];

const cases: Case[] = [
  {
    name: 'allocationRun.lines',
    connection: 'AllocationLineConnection',
    query: (s) =>
      `query ($id: String!, $first: Int!) { allocationRun(id: $id) { id stage lines(first: $first) { totalCount edges { node { ${s} } } } } }`,
    variables: async () => {
      const runs = await listAllocationRuns(t.ctx(), { schemeCode: 'SPUK-WI2021', year: 2026 });
      return { id: runs[0]?.id };
    },
    edges: path('allocationRun', 'lines', 'edges'),
    minRows: 342,
  },
  {
    name: 'municipalities',
    connection: 'MunicipalityConnection',
    query: (s) => `query ($first: Int!) { municipalities(first: $first) { totalCount edges { node { ${s} } } } }`,
    variables: async () => ({}),
    edges: path('municipalities', 'edges'),
    minRows: 342,
  },
  {
    name: 'counts',
    connection: 'CountConnection',
    query: (s) => `query ($first: Int!) { counts(first: $first) { totalCount edges { node { ${s} } } } }`,
    variables: async () => ({}),
    edges: path('counts', 'edges'),
    minRows: 342,
  },
  {
    name: 'journalTransactions',
    connection: 'JournalTransactionConnection',
    query: (s) => `query ($first: Int!) { journalTransactions(first: $first) { edges { node { ${s} } } } }`,
    variables: async () => ({}),
    edges: path('journalTransactions', 'edges'),
    minRows: 342,
  },
  {
    name: 'accountabilityReports',
    connection: 'AccountabilityReportConnection',
    query: (s) => `query ($first: Int!) { accountabilityReports(first: $first) { totalCount edges { node { ${s} } } } }`,
    variables: async () => ({}),
    edges: path('accountabilityReports', 'edges'),
    minRows: 40,
    large: 100,
  },
  {
    name: 'reconciliationDifferences',
    connection: 'ReconciliationDifferenceConnection',
    query: (s) =>
      `query ($runId: ID!, $first: Int!) { reconciliationDifferences(runId: $runId, first: $first) { totalCount edges { node { ${s} } } } }`,
    variables: async () => ({ runId: reconciliationRunId }),
    edges: path('reconciliationDifferences', 'edges'),
    minRows: 342,
  },
];

describe('no N+1: statements per list query do not grow with its rows', () => {
  it.each(cases)('$name: first 10 and a page of every row issue the same number of statements', async (c) => {
    const selection = await nodeSelection(c.connection);
    const variables = await c.variables();
    const small = await measure(c.query(selection), { ...variables, first: 10 }, c.edges);
    const large = await measure(c.query(selection), { ...variables, first: c.large ?? 500 }, c.edges);
    expect(small.rows).toBe(10);
    // The counter sees the statements at all (else equal counts would prove nothing).
    expect(small.statements).toBeGreaterThan(0);
    expect(large.rows).toBeGreaterThanOrEqual(c.minRows);
    // Same statements whatever the page size; and few of them (a list is a handful of queries).
    expect({ name: c.name, statements: large.statements }).toEqual({ name: c.name, statements: small.statements });
    expect(large.statements).toBeLessThanOrEqual(8);
  });

  it('settlement.lines: a controller (its own line) and an officer (every line) issue the same number of statements', async () => {
    const schema = await getSchema();
    const settlementType = schema.getType('Settlement');
    if (!isObjectType(settlementType)) {
      throw new Error('no Settlement type');
    }
    const query = `query ($id: ID!) { settlement(id: $id) { ${selectionOf(settlementType, 2)} } }`;
    const run = async (token: string) => {
      statements = [];
      try {
        const data = await t.ok<{ settlement: { lines: unknown[] } }>(query, { id: settlementId }, token);
        return { statements: statements.length, rows: data.settlement.lines.length };
      } finally {
        statements = null;
      }
    };
    const one = await run(await t.tokens.controller('GM0363'));
    const all = await run(t.tokens.finance);
    expect(one.rows).toBe(1);
    expect(all.rows).toBeGreaterThanOrEqual(342);
    expect(one.statements).toBeGreaterThan(0);
    expect(all.statements).toBe(one.statements);
    expect(all.statements).toBeLessThanOrEqual(8);
  });

  it('settlements: the list of a scheme-year costs the same statements for one settlement as for three', async () => {
    const schema = await getSchema();
    const settlementType = schema.getType('Settlement');
    if (!isObjectType(settlementType)) {
      throw new Error('no Settlement type');
    }
    const query = `query { settlements(schemeCode: "SPUK-WI2021", year: 2026) { ${selectionOf(settlementType, 2)} } }`;
    const run = async () => {
      statements = [];
      try {
        const data = await t.ok<{ settlements: { lines: unknown[] }[] }>(query, {}, t.tokens.finance);
        return {
          statements: statements.length,
          settlements: data.settlements.length,
          lines: data.settlements.flatMap((x) => x.lines).length,
        };
      } finally {
        statements = null;
      }
    };
    const one = await run();
    const fo = t.ctx(Role.FINANCE_OFFICER, null, 'fo-1');
    const { allocationRunId } = (
      await t.ok<{ settlement: { allocationRunId: string } }>(`query ($id: ID!) { settlement(id: $id) { allocationRunId } }`, {
        id: settlementId,
      })
    ).settlement;
    for (const key of ['n-plus-one-settlement-2', 'n-plus-one-settlement-3']) {
      await draftSettlement(fo, { schemeCode: 'SPUK-WI2021', year: 2026, allocationRunId, recoveryMode: 'OFFSET', idempotencyKey: key });
    }
    const three = await run();
    expect(one.settlements).toBe(1);
    expect(three.settlements).toBe(3);
    expect(three.lines).toBe(3 * one.lines);
    expect(one.statements).toBeGreaterThan(0);
    expect(three.statements).toBe(one.statements);
  });
});
