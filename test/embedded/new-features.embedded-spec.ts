import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import Decimal from 'decimal.js';
import { compactVerify, importJWK, type JWK } from 'jose';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';

/**
 * Today's features through the GraphQL API of `npm start` on the embedded PostgreSQL (PGlite behind
 * its socket, a pool of one connection), one server for the file: the chain delivery of a money
 * event to a receiver started here, the mid-year re-estimate and the key comparison, alerts, the
 * housing task and the people read models, signed journal checkpoints (an export, a reconciliation
 * run on the job queue), and a merger that books its transfer. Every wait is on readiness (the
 * receiver, the run's status), never on a clock. The same features are covered in depth on the
 * real PostgreSQL in test/e2e.
 */
type GqlError = { message: string; extensions?: { code?: string; reason?: string; field?: string } };

/** Waits until `check` holds, polling (readiness, not a fixed sleep); the test timeout bounds it. */
async function until(check: () => Promise<boolean> | boolean, pollMs = 50): Promise<void> {
  while (!(await check())) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

const sum = (values: string[]) => values.reduce((a, v) => a.plus(v), new Decimal(0)).toFixed(2);

describe('[embedded] the new features on PGlite', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ife-embedded-new-'));
  let server: ServerProcess;
  // The chain receiver: every delivered body, as received.
  const received: { type: string; data: { municipalityCode: string; subjectId: string } }[] = [];
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      try {
        received.push(JSON.parse(body) as (typeof received)[number]);
      } catch {
        // Not JSON: not ours to record.
      }
      res.writeHead(204).end();
    });
  });
  let hook = '';
  const S = 'EMB-NEW';
  const Y = 2027;
  const rules: { forecast: string; registered: string } = { forecast: '', registered: '' };
  let provisionalRun = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    server = await startServerProcess({
      EMBEDDED_DATA_DIR: path.join(dir, 'pglite'),
      JWT_SECRET: 'embedded-new-features-secret-0123456789abcdef',
      // Retries of a chain delivery come quickly here (the first attempt is immediate anyway).
      CHAIN_DELIVERY_BASE_DELAY_MS: '50',
      CHAIN_DELIVERY_MAX_DELAY_MS: '500',
    });
  });
  afterAll(async () => {
    await server?.stop();
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function gql<T = Record<string, unknown>>(token: string | undefined, query: string, variables: Record<string, unknown> = {}) {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? ''}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: T; errors?: GqlError[] };
  }
  async function ok<T = Record<string, unknown>>(token: string | undefined, query: string, variables: Record<string, unknown> = {}) {
    const r = await gql<T>(token, query, variables);
    if (r.errors) {
      throw new Error(JSON.stringify(r.errors));
    }
    return r.data as T;
  }
  const fo = () => server.tokens.FINANCE_OFFICER;
  const auditor = () => server.tokens.AUDITOR;
  const controller = () => server.tokens.MUNICIPAL_CONTROLLER; // GM0363

  const countRow = (municipalityCode: string, basis: string, value: string, rule: string | null = null) => ({
    municipalityCode,
    periodType: 'YEAR',
    periodStart: `${Y}-01-01`,
    periodEnd: `${Y}-12-31`,
    category: 'ASIELSTATUSHOUDER',
    basis,
    rule,
    source: basis === 'REGISTERED' ? 'DUO' : 'MINISTRY',
    value,
  });

  it('chain: a money event reaches the endpoint the controller registered, and the feed shows it', async () => {
    const reg = await ok<{ registerChainEndpoint: { url: string; secret: string } }>(
      controller(),
      `mutation($url: String!) { registerChainEndpoint(municipalityCode: "GM0363", url: $url) { url secret } }`,
      { url: hook },
    );
    expect(reg.registerChainEndpoint).toMatchObject({ url: hook, secret: expect.stringMatching(/^whsec_/) });

    await ok(
      fo(),
      `mutation { createScheme(input: { code: "${S}", name: "Embedded new features", stream: INTEGRATION_PROVISIONS, year: ${Y}, budgetMode: OPEN_ENDED, budget: "100000.00", status: OPEN }) { id } }`,
    );
    await ok(
      fo(),
      `mutation { addRate(input: { schemeCode: "${S}", category: ASIELSTATUSHOUDER, amount: "1000.00", validFrom: "${Y}-01-01" }) { id } }`,
    );
    await ok(fo(), `mutation($rows: [CountRowInput!]!) { importCounts(input: { batchKey: "emb-new", rows: $rows }) { rowCount } }`, {
      rows: [
        countRow('GM0363', 'FORECAST', '10'),
        countRow('GM0344', 'FORECAST', '5'),
        countRow('GM0363', 'REGISTERED', '12', 'PEILDATUM'),
        countRow('GM0344', 'REGISTERED', '4', 'PEILDATUM'),
      ],
    });
    const rule = async (basis: string, key: string, attribution = '') =>
      (
        await ok<{ createAllocationRule: { id: string } }>(
          fo(),
          `mutation { createAllocationRule(input: { ruleKey: "${key}", schemeCode: "${S}", basis: ${basis}, ${attribution} categories: [{ category: ASIELSTATUSHOUDER }], useBaseAmounts: false, description: "${key}" }) { id } }`,
        )
      ).createAllocationRule.id;
    rules.forecast = await rule('FORECAST', 'emb-new-forecast');
    rules.registered = await rule('REGISTERED', 'emb-new-registered', 'attributionRule: "PEILDATUM",');
    const run = await ok<{ runAllocation: { run: { id: string; totalAmount: string } } }>(
      fo(),
      `mutation { runAllocation(input: { schemeCode: "${S}", year: ${Y}, ruleVersionId: "${rules.forecast}", stage: PROVISIONAL, idempotencyKey: "emb-new-prov" }) { run { id totalAmount } } }`,
    );
    provisionalRun = run.runAllocation.run.id;
    expect(run.runAllocation.run.totalAmount).toBe('15000.00');

    // Delivered to the receiver (wait on it), signed for GM0363, naming the run.
    const delivered = () => received.find((b) => b.type === 'ALLOCATION_DECIDED' && b.data.subjectId === provisionalRun);
    await until(() => delivered() !== undefined);
    expect(delivered()?.data.municipalityCode).toBe('GM0363');

    const feed = async (after: string | null) =>
      (
        await ok<{
          chainNotifications: {
            pageInfo: { hasNextPage: boolean; endCursor: string | null };
            edges: { node: { eventType: string; subjectId: string; receivedAt: string | null } }[];
          };
        }>(
          controller(),
          `query($after: String) { chainNotifications(municipalityCode: "GM0363", first: 500, after: $after) { pageInfo { hasNextPage endCursor } edges { node { eventType subjectId receivedAt } } } }`,
          { after },
        )
      ).chainNotifications;
    const nodes: { eventType: string; subjectId: string }[] = [];
    for (let page = await feed(null); ; page = await feed(page.pageInfo.endCursor)) {
      nodes.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) {
        break;
      }
    }
    expect(nodes.filter((n) => n.subjectId === provisionalRun).map((n) => n.eventType)).toEqual(['ALLOCATION_DECIDED']);
  });

  it('the mid-year re-estimate: lines sum to the totals to the cent, decided once; the key comparison', async () => {
    await ok(
      fo(),
      `mutation { createAdvancePlan(input: { schemeCode: "${S}", year: ${Y}, allocationRunId: "${provisionalRun}", idempotencyKey: "emb-new-plan" }) { replayed } }`,
    );
    await ok(
      fo(),
      `mutation { payTranches(input: { schemeCode: "${S}", year: ${Y}, dueUpTo: "${Y}-06-01", idempotencyKey: "emb-new-pay" }) { tranches { municipalityCode } } }`,
    );
    type Estimate = {
      id: string;
      source: string;
      total: string;
      totalPaid: string;
      totalPlanned: string;
      totalNewAdvance: string;
      lines: { municipalityCode: string; entitled: string; paid: string; planned: string; newAdvance: string }[];
    };
    const started = await ok<{ startInterimEstimate: { replayed: boolean; estimate: Estimate } }>(
      fo(),
      `mutation($input: StartInterimEstimateInput!) { startInterimEstimate(input: $input) { replayed estimate {
         id source total totalPaid totalPlanned totalNewAdvance lines { municipalityCode entitled paid planned newAdvance } } } }`,
      { input: { schemeCode: S, year: Y, ruleVersionId: rules.forecast, idempotencyKey: 'emb-new-interim' } },
    );
    const e = started.startInterimEstimate.estimate;
    expect(started.startInterimEstimate.replayed).toBe(false);
    expect(e.source).toBe('COUNTS_IN_FORCE');
    expect(e.lines.length).toBeGreaterThan(0);
    expect(sum(e.lines.map((l) => l.entitled))).toBe(e.total);
    expect(sum(e.lines.map((l) => l.paid))).toBe(e.totalPaid);
    expect(sum(e.lines.map((l) => l.planned))).toBe(e.totalPlanned);
    expect(sum(e.lines.map((l) => l.newAdvance))).toBe(e.totalNewAdvance);
    // 10 and 5 at 1000.00: entitled 15000.00; the tranches due by 1 June are paid.
    expect(e.total).toBe('15000.00');
    expect(new Decimal(e.totalPaid).gt(0)).toBe(true);

    const decide = `mutation($input: DecideInterimEstimateInput!) { decideInterimEstimate(input: $input) { replayed decision { allocationRunId planVersion } estimate { id } } }`;
    const input = { estimateId: e.id, reason: 'nadere voorlopige uitkering', idempotencyKey: 'emb-new-decide' };
    const decided = await ok<{ decideInterimEstimate: { replayed: boolean; decision: { allocationRunId: string; planVersion: number } } }>(
      fo(),
      decide,
      { input },
    );
    expect(decided.decideInterimEstimate).toMatchObject({ replayed: false, decision: { planVersion: 2 } });
    const interimRun = await ok<{ allocationRun: { stage: string; totalAmount: string } }>(
      auditor(),
      `{ allocationRun(id: "${decided.decideInterimEstimate.decision.allocationRunId}") { stage totalAmount } }`,
    );
    expect(interimRun.allocationRun).toEqual({ stage: 'INTERIM', totalAmount: e.total });
    const again = await ok<{ decideInterimEstimate: { replayed: boolean } }>(fo(), decide, { input });
    expect(again.decideInterimEstimate.replayed).toBe(true);

    const compared = await ok<{ runKeyComparison: { replayed: boolean; comparison: { id: string } } }>(
      fo(),
      `mutation($input: RunKeyComparisonInput!) { runKeyComparison(input: $input) { replayed comparison { id } } }`,
      {
        input: { schemeCode: S, year: Y, ruleVersionId: rules.registered, fromYear: 2025, toYear: 2026, idempotencyKey: 'emb-new-keys' },
      },
    );
    type Comparison = {
      lineCount: number;
      summary: { key: string; absSettlement: string; advance: string; final: string }[];
      lines: { key: string; absSettlement: string; years: { advance: string; final: string }[] }[];
    };
    const read = `query($id: ID!, $key: String) { keyComparison(id: $id, key: $key, limit: 500) {
      lineCount summary { key absSettlement advance final } lines { key absSettlement years { advance final } } } }`;
    const id = compared.runKeyComparison.comparison.id;
    const all = (await ok<{ keyComparison: Comparison }>(fo(), read, { id })).keyComparison;
    expect(all.summary.length).toBeGreaterThan(1);
    // Each key's lines add up to its summary, to the cent.
    for (const s of all.summary) {
      const lines = (await ok<{ keyComparison: Comparison }>(fo(), read, { id, key: s.key })).keyComparison;
      expect(lines.lines.length).toBe(lines.lineCount);
      expect(sum(lines.lines.map((l) => l.absSettlement))).toBe(s.absSettlement);
      expect(sum(lines.lines.flatMap((l) => l.years.map((y) => y.advance)))).toBe(s.advance);
      expect(sum(lines.lines.flatMap((l) => l.years.map((y) => y.final)))).toBe(s.final);
    }
  });

  it('alerts: a subscription fires on evaluation and is listed', async () => {
    const sub = await ok<{ subscribeAlert: { subscription: { id: string } } }>(
      fo(),
      `mutation($input: SubscribeAlertInput!) { subscribeAlert(input: $input) { replayed subscription { id } } }`,
      { input: { condition: 'PERSON_WAITING_TOO_LONG', days: 1, idempotencyKey: 'emb-new-alert' } },
    );
    const subscriptionId = sub.subscribeAlert.subscription.id;
    const evaluated = await ok<{ evaluateAlerts: { problems: string[]; alerts: { subscriptionId: string; kind: string }[] } }>(
      fo(),
      `mutation { evaluateAlerts { subscriptions problems alerts { subscriptionId kind } } }`,
    );
    expect(evaluated.evaluateAlerts.problems).toEqual([]);
    const raised = evaluated.evaluateAlerts.alerts.filter((a) => a.subscriptionId === subscriptionId);
    expect(raised.length).toBeGreaterThan(0);
    expect(raised.every((a) => a.kind === 'RAISED')).toBe(true);
    const listed = await ok<{ alerts: { totalCount: number; edges: { node: { condition: string; kind: string } }[] } }>(
      fo(),
      `query($s: ID) { alerts(first: 50, subscriptionId: $s) { totalCount edges { node { condition kind } } } }`,
      { s: subscriptionId },
    );
    expect(listed.alerts.totalCount).toBe(raised.length);
    expect(listed.alerts.edges[0]?.node).toEqual({ condition: 'PERSON_WAITING_TOO_LONG', kind: 'RAISED' });

    // Cancelled (its alerts cleared), then resumed (decision 1910): raised again at the next evaluation.
    const cancelled = await ok<{ cancelAlertSubscription: { cleared: { kind: string }[] } }>(
      fo(),
      `mutation { cancelAlertSubscription(input: { id: "${subscriptionId}", idempotencyKey: "emb-new-alert-cancel" }) { cleared { kind } } }`,
    );
    expect(cancelled.cancelAlertSubscription.cleared.map((a) => a.kind)).toEqual(raised.map(() => 'CLEARED'));
    const resumed = await ok<{ resumeAlertSubscription: { subscription: { cancelledAt: string | null; resumedAt: string | null } } }>(
      fo(),
      `mutation { resumeAlertSubscription(input: { id: "${subscriptionId}", idempotencyKey: "emb-new-alert-resume" }) { subscription { cancelledAt resumedAt } } }`,
    );
    expect(resumed.resumeAlertSubscription.subscription).toMatchObject({ cancelledAt: null, resumedAt: expect.any(String) });
    const again = await ok<{ evaluateAlerts: { alerts: { subscriptionId: string; kind: string }[] } }>(
      fo(),
      `mutation { evaluateAlerts { alerts { subscriptionId kind } } }`,
    );
    expect(again.evaluateAlerts.alerts.filter((a) => a.subscriptionId === subscriptionId).map((a) => a.kind)).toEqual(
      raised.map(() => 'RAISED'),
    );
  });

  it('housing: the task sums to the national total; attribution detail, delay buckets and handover totals add up', async () => {
    const task = await ok<{ distributeHousingTask: { total: number; lines: { municipalityCode: string; task: number }[] } }>(
      fo(),
      `mutation { distributeHousingTask(input: { year: ${Y}, half: 1, total: 12345, idempotencyKey: "emb-new-task" }) { total lines { municipalityCode task } } }`,
    );
    expect(task.distributeHousingTask.total).toBe(12345);
    expect(task.distributeHousingTask.lines.length).toBeGreaterThan(300);
    expect(task.distributeHousingTask.lines.reduce((n, l) => n + l.task, 0)).toBe(12345);

    const runs = await ok<{ attributionRuns: { id: string; divisor: number }[] }>(
      auditor(),
      `{ attributionRuns(year: 2026, rule: PEILDATUM) { id divisor } }`,
    );
    const runId = runs.attributionRuns[0]!.id;
    const published = await ok<{ attributedCounts: { category: string; route: string | null; units: string; value: string }[] }>(
      controller(),
      `{ attributedCounts(runId: "${runId}", municipalityCodes: ["GM0363"]) { category route units value } }`,
    );
    expect(published.attributedCounts.length).toBeGreaterThan(0);
    const units = new Map<string, bigint>();
    let divisor = 0;
    let after: string | null = null;
    for (;;) {
      const page: {
        attributionDetail: {
          divisor: number;
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          edges: { node: { category: string; route: string | null; units: string } }[];
        };
      } = await ok(
        controller(),
        `query($after: String) { attributionDetail(runId: "${runId}", municipalityCodes: ["GM0363"], first: 500, after: $after) {
           divisor pageInfo { hasNextPage endCursor } edges { node { category route units } } } }`,
        { after },
      );
      divisor = page.attributionDetail.divisor;
      for (const { node } of page.attributionDetail.edges) {
        const key = `${node.category}|${node.route ?? ''}`;
        units.set(key, (units.get(key) ?? 0n) + BigInt(node.units));
      }
      if (!page.attributionDetail.pageInfo.hasNextPage) {
        break;
      }
      after = page.attributionDetail.pageInfo.endCursor;
    }
    expect(Object.fromEntries([...units].map(([k, v]) => [k, v.toString()]))).toEqual(
      Object.fromEntries(published.attributedCounts.map((c) => [`${c.category}|${c.route ?? ''}`, c.units])),
    );
    for (const c of published.attributedCounts) {
      const u = units.get(`${c.category}|${c.route ?? ''}`) ?? 0n;
      expect(new Decimal(u.toString()).div(divisor).toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toFixed(6)).toBe(c.value);
    }

    const delay = await ok<{ housingDelay: { count: number; buckets: { label: string; fromDays: number; count: number }[] } }>(
      fo(),
      `{ housingDelay(from: "2026-01-01", to: "2026-12-31", bucketEdges: [0, 30, 100, 365]) { count buckets { label fromDays count } } }`,
    );
    expect(delay.housingDelay.count).toBeGreaterThan(0);
    expect(delay.housingDelay.buckets.map((b) => b.fromDays)).toEqual([0, 30, 100, 365]);
    expect(delay.housingDelay.buckets.reduce((n, b) => n + b.count, 0)).toBe(delay.housingDelay.count);

    const totals = await ok<{ handoverTotals: { moves: number; personDays: number; moverPersonDays: number; moversShare: string | null } }>(
      fo(),
      `{ handoverTotals(from: "2026-01-01", to: "2026-12-31") { moves personDays moverPersonDays moversShare } }`,
    );
    const h = totals.handoverTotals;
    expect(h.personDays).toBeGreaterThan(0);
    expect(h.moversShare).toBe(new Decimal(h.moverPersonDays).div(h.personDays).toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toFixed(6));
  });

  it('checkpoints: an export publishes one, a reconciliation run on the queue records its verified range, both check OK', async () => {
    type Check = { checkJournalAgainstCheckpoint: { ok: boolean; signatureValid: boolean; problems: string[] } };
    const check = (doc: string) =>
      ok<Check>(auditor(), `query($c: String!) { checkJournalAgainstCheckpoint(checkpoint: $c) { ok signatureValid problems } }`, {
        c: doc,
      });
    const res = await fetch(server.url.replace('/graphql', '/exports/journal.csv'), {
      headers: { authorization: `Bearer ${auditor()}` },
    });
    expect(res.status).toBe(200);
    expect((await res.text()).length).toBeGreaterThan(0);
    const header = res.headers.get('x-journal-checkpoint');
    expect(header).not.toBeNull();
    const exported = Buffer.from(header!, 'base64url').toString('utf8');
    const doc = JSON.parse(exported) as { sequence: string; keyId: string; signature: string };
    expect((await check(exported)).checkJournalAgainstCheckpoint).toEqual({ ok: true, signatureValid: true, problems: [] });

    // The published key verifies the signature outside the engine.
    const key = await ok<{ checkpointPublicKey: { keyId: string; jwk: string } }>(auditor(), `{ checkpointPublicKey { keyId jwk } }`);
    expect(key.checkpointPublicKey.keyId).toBe(doc.keyId);
    const { payload } = await compactVerify(doc.signature, await importJWK(JSON.parse(key.checkpointPublicKey.jwk) as JWK, 'EdDSA'));
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({ sequence: doc.sequence, keyId: doc.keyId });

    const started = await ok<{ startReconciliation: { id: string; status: string } }>(
      fo(),
      `mutation { startReconciliation(input: { schemeCode: "${S}", year: ${Y} }) { id status } }`,
    );
    type Run = { status: string; error: string | null; differenceCount: number | null; journalHeadSequence: string | null };
    let run: Run = { status: started.startReconciliation.status, error: null, differenceCount: null, journalHeadSequence: null };
    await until(async () => {
      run = (
        await ok<{ reconciliationRun: Run }>(
          auditor(),
          `{ reconciliationRun(id: "${started.startReconciliation.id}") { status error differenceCount journalHeadSequence } }`,
        )
      ).reconciliationRun;
      return run.status !== 'QUEUED' && run.status !== 'RUNNING';
    }, 100);
    expect(run).toMatchObject({ status: 'SUCCEEDED', error: null, journalHeadSequence: doc.sequence });

    const list = await ok<{ journalCheckpoints: { reason: string; sequence: string; verifiedFrom: string; document: string }[] }>(
      auditor(),
      `{ journalCheckpoints(first: 5) { reason sequence verifiedFrom document } }`,
    );
    const [latest, previous] = list.journalCheckpoints;
    // Nothing was booked since the export: the reconciliation verified the empty range after it.
    expect(latest).toMatchObject({ reason: 'RECONCILIATION', sequence: doc.sequence, verifiedFrom: String(Number(doc.sequence) + 1) });
    expect(previous).toMatchObject({ reason: 'EXPORT', sequence: doc.sequence, document: exported });
    expect((await check(latest!.document)).checkJournalAgainstCheckpoint.ok).toBe(true);
    expect((await check(exported)).checkJournalAgainstCheckpoint.ok).toBe(true);
  });

  it('a merger books the transfer: the journal shows it, the dissolved balances are zero, the trial balance nets to 0.00', async () => {
    const OLD = 'GM1680';
    const SUCCESSOR = 'GM0358';
    // A merger takes effect on 1 January; this year's has come, so the transfer is booked at once. It
    // moves the balances as they stood on that date (later postings stay where they were booked).
    const effectiveDate = `${new Date().getUTCFullYear()}-01-01`;
    type Balance = { address: string; balance: string };
    const balances = async (code: string) =>
      new Map(
        (
          await ok<{ municipalityBalances: Balance[] }>(
            auditor(),
            `{ municipalityBalances(code: "${code}", asOf: "${effectiveDate}") { address balance } }`,
          )
        ).municipalityBalances.map((b) => [b.address, b.balance]),
      );
    const oldBefore = await balances(OLD);
    const successorBefore = await balances(SUCCESSOR);
    expect([...oldBefore.values()].some((b) => b !== '0.00')).toBe(true);
    const merged = await ok<{ registerMerger: { dissolvedCode: string; transferTransactionId: string | null }[] }>(
      fo(),
      `mutation($input: RegisterMergerInput!) { registerMerger(input: $input) { dissolvedCode successorCode effectiveDate transferTransactionId } }`,
      { input: { dissolvedCodes: [OLD], successorCode: SUCCESSOR, effectiveDate, idempotencyKey: 'emb-new-merger' } },
    );
    const transfer = merged.registerMerger[0]!.transferTransactionId;
    expect(transfer).toMatch(/^[0-9a-f-]{36}$/);
    const journal = await ok<{
      journalTransactions: { edges: { node: { id: string; kind: string; causeType: string; causeId: string } }[] };
    }>(
      auditor(),
      `{ journalTransactions(first: 10, filter: { kind: "MERGER_TRANSFER" }) { edges { node { id kind causeType causeId } } } }`,
    );
    expect(journal.journalTransactions.edges.map((e) => e.node)).toContainEqual({
      id: transfer,
      kind: 'MERGER_TRANSFER',
      causeType: 'MERGER',
      causeId: `${OLD}:${effectiveDate}`,
    });
    // On its date the dissolved municipality holds nothing; the successor holds both, to the cent.
    const oldAfter = await balances(OLD);
    const successorAfter = await balances(SUCCESSOR);
    for (const [address, balance] of oldBefore) {
      expect(`${address} ${oldAfter.get(address) ?? '0.00'}`).toBe(`${address} 0.00`);
      const moved = address.replace(`municipality:${OLD}:`, `municipality:${SUCCESSOR}:`);
      expect(`${moved} ${successorAfter.get(moved)}`).toBe(
        `${moved} ${new Decimal(successorBefore.get(moved) ?? '0').plus(balance).toFixed(2)}`,
      );
    }
    const ledger = await ok<{ trialBalance: { net: string }; verifyJournal: { ok: boolean } }>(
      auditor(),
      `{ trialBalance { net } verifyJournal { ok } }`,
    );
    expect(ledger).toEqual({ trialBalance: { net: '0.00' }, verifyJournal: { ok: true } });
  });
});
