import type { RequestContext } from './context';
import { Role, type Actor } from './common/auth/actor';
import { money } from './common/money/money';
import { fixtureFile, loadFixtureRules, runAllocation, RunStage } from './modules/allocations';
import { createAdvancePlan, payTranches } from './modules/advances';
import { recordCounts, type RawCountRow } from './modules/counts';
import { runCommand } from './common/db/run-command';
import { importPersonEvents, type GeneratedEvent } from './modules/people';
import { publishAttribution } from './modules/registration';
import { registerMergerAndBook, listMergersWithTransfers } from './modules/mergers';
import { loadHistoricMunicipalityFixtures } from './modules/municipalities';
import { addRate, BudgetMode, createScheme, findScheme, FundingStream, listRates, SchemeStatus, type Category } from './modules/schemes';
import { draftSettlement, finaliseSettlement } from './modules/settlements';

/**
 * A real herindeling in the fixtures (decision 1650): on 1 January 2023 Brielle (GM0501),
 * Hellevoetsluis (GM0530) and Westvoorne (GM0614) became Voorne aan Zee (GM1992). Scheme-year 2022
 * of SPUK Wi2021 is modelled for these three only: TAAKSTELLING counts, a provisional run, an
 * advance plan paid in full in 2022 to the three old codes; people housed in 2022, their 2022
 * attribution published as REGISTERED counts under the old codes and the definitive run; then the
 * merger registered, which books the transfer of every balance to Voorne aan Zee in the same
 * transaction; then the settlement of 2022 (1 September 2023), which pays out to or invoices the
 * successor; then the people's 2023 moves, written from the old code or from the successor's.
 * Self-contained: the other municipalities have no 2022 counts (zero lines), so no figure of
 * 2025 or 2026 changes. Every step is idempotent by key or by the state it finds.
 */

export const MERGER_FIXTURE = {
  schemeCode: 'SPUK-WI2021',
  year: 2022,
  effectiveDate: '2023-01-01',
  successorCode: 'GM1992',
  successorName: 'Voorne aan Zee',
  dissolvedCodes: ['GM0501', 'GM0530', 'GM0614'],
} as const;

const S = MERGER_FIXTURE.schemeCode;
const Y = MERGER_FIXTURE.year;
const OFFICER: Actor = { subject: 'fixture-finance-officer', role: Role.FINANCE_OFFICER, municipalityCode: null };
const SECOND_OFFICER: Actor = { subject: 'fixture-finance-officer-2', role: Role.FINANCE_OFFICER, municipalityCode: null };
const as = (ctx: RequestContext, actor: Actor): RequestContext => ({ ...ctx, actor });

/** 2022 rates of the fixture (euros per person), dated 1 January 2022: later years keep their own. */
const RATES_2022 = [
  { category: 'ASIELSTATUSHOUDER', amount: '10500.00' },
  { category: 'GEZINSMIGRANT', amount: '720.00' },
  { category: 'OVERIG', amount: '720.00' },
] as const;

/** Housing task 2022 (persons) per old municipality: first half, second half, family migrants, others. */
const TAAKSTELLING_2022: Record<string, [number, number, number, number]> = {
  GM0501: [8, 9, 7, 2],
  GM0530: [19, 21, 16, 4],
  GM0614: [7, 7, 6, 2],
};

/** People behind the registered 2022 counts (PEILDATUM, persons): asylum status holders, family migrants, others. */
const REGISTERED_2022: Record<string, [number, number, number]> = {
  GM0501: [15, 8, 1],
  GM0530: [43, 14, 5],
  GM0614: [12, 6, 2],
};

function taakstellingRows(): RawCountRow[] {
  const rows: RawCountRow[] = [];
  for (const [code, [h1, h2, family, other]] of Object.entries(TAAKSTELLING_2022)) {
    const base = { municipalityCode: code, route: null, basis: 'TAAKSTELLING', rule: null, source: 'MINISTRY' };
    rows.push({
      ...base,
      periodType: 'HALF_YEAR',
      periodStart: '2022-01-01',
      periodEnd: '2022-06-30',
      category: 'ASIELSTATUSHOUDER',
      value: String(h1),
    });
    rows.push({
      ...base,
      periodType: 'HALF_YEAR',
      periodStart: '2022-07-01',
      periodEnd: '2022-12-31',
      category: 'ASIELSTATUSHOUDER',
      value: String(h2),
    });
    rows.push({
      ...base,
      periodType: 'YEAR',
      periodStart: '2022-01-01',
      periodEnd: '2022-12-31',
      category: 'GEZINSMIGRANT',
      value: String(family),
    });
    rows.push({
      ...base,
      periodType: 'YEAR',
      periodStart: '2022-01-01',
      periodEnd: '2022-12-31',
      category: 'OVERIG',
      value: String(other),
    });
  }
  return rows;
}

/** The successor's neighbours that people move on to in 2023. */
const ROTTERDAM = 'GM0599';
const NISSEWAARD = 'GM1930';

/**
 * The people behind the registered 2022 counts: for each old code and category as many people as
 * REGISTERED_2022 says, housed (asylum status holders) or starting their obligation (others) in
 * 2022 under the old code, so PEILDATUM counts them there on 31 December 2022. Their 2023 events
 * cross the merger as feeds write them: every third person moves to Rotterdam in March 2023 with
 * the move written from the OLD code, every third asylum status holder (the others) moves to
 * Nissewaard in June 2023 written from the SUCCESSOR's code; the rest stay and are Voorne aan Zee's
 * from 1 January 2023 in the people views (decision 1603).
 */
export function mergerPeopleEvents(): GeneratedEvent[] {
  const events: GeneratedEvent[] = [];
  const pad = (n: number) => String(n).padStart(2, '0');
  for (const [code, values] of Object.entries(REGISTERED_2022)) {
    (['ASIELSTATUSHOUDER', 'GEZINSMIGRANT', 'OVERIG'] as const).forEach((category, c) => {
      for (let j = 0; j < values[c]!; j += 1) {
        const personId = `VAZ22-${code.slice(2)}-${c}${String(j).padStart(3, '0')}`;
        let k = 0;
        const ev = (e: Omit<GeneratedEvent, 'eventId' | 'personId'>): GeneratedEvent => ({
          eventId: `${personId}-${(k += 1)}`,
          personId,
          ...e,
        });
        const month = 1 + ((j * 5 + c * 3) % 9); // January to September 2022
        const day = 1 + ((j * 7) % 27);
        const started = `2022-${pad(month)}-${pad(day)}`;
        const asylum = category === 'ASIELSTATUSHOUDER';
        events.push(
          ev({
            type: 'OBLIGATION_STARTED',
            date: started,
            category,
            route: j % 5 === 4 ? 'Z_ROUTE' : 'B1',
            ...(asylum ? {} : { municipalityCode: code }),
            source: asylum ? 'COA' : 'IND',
            sourceRecordedAt: `${started}T09:00:00.000Z`,
          }),
        );
        if (asylum) {
          const housed = `2022-${pad(month + 2)}-${pad(day)}`;
          events.push(
            ev({ type: 'HOUSED', date: housed, municipalityCode: code, source: 'COA', sourceRecordedAt: `${housed}T10:00:00.000Z` }),
          );
        }
        if (j % 3 === 1) {
          events.push(
            ev({
              type: 'MOVED',
              date: '2023-03-15',
              fromCode: code,
              toCode: ROTTERDAM,
              source: 'BRP',
              sourceRecordedAt: '2023-03-17T09:00:00.000Z',
            }),
          );
        } else if (j % 3 === 2 && asylum) {
          events.push(
            ev({
              type: 'MOVED',
              date: '2023-06-01',
              fromCode: MERGER_FIXTURE.successorCode,
              toCode: NISSEWAARD,
              source: 'BRP',
              sourceRecordedAt: '2023-06-05T09:00:00.000Z',
            }),
          );
        }
      }
    });
  }
  return events;
}

export interface MergerScenarioSummary {
  tranchesPaid: number;
  transfers: number;
  personEvents: number;
  settlementId: string;
}

/**
 * Loads the Voorne aan Zee scenario (after the 2026 reference data, before the 2026 attribution is
 * published, so that one is published once with the merger in force). Null when already loaded.
 */
export async function loadMergerScenario(outer: RequestContext): Promise<MergerScenarioSummary | null> {
  // One transaction: the old codes never exist without their merger (a crash leaves nothing).
  return runCommand(outer, (ctx) => loadInOneTransaction(ctx));
}

async function loadInOneTransaction(ctx: RequestContext): Promise<MergerScenarioSummary | null> {
  // Loaded once: the merger is its last write but one, in the same transaction. Running the steps
  // again would publish 2022 anew from a later event state (a new count batch), so nothing runs.
  if ((await listMergersWithTransfers(ctx)).some((m) => m.dissolvedCode === MERGER_FIXTURE.dissolvedCodes[0])) {
    return null;
  }
  const officer = as(ctx, OFFICER);
  // 1. The three municipalities as they existed until 31 December 2022.
  await loadHistoricMunicipalityFixtures(ctx);
  // 2. Scheme-year 2022, its rates and the housing task of the three.
  if (!(await findScheme(ctx, S, Y))) {
    await createScheme(ctx, {
      code: S,
      name: 'SPUK Wet inburgering 2021 - inburgeringsvoorzieningen 2022 (Voorne aan Zee-herindeling)',
      stream: FundingStream.INTEGRATION_PROVISIONS,
      year: Y,
      budgetMode: BudgetMode.OPEN_ENDED,
      budget: money('2000000.00'),
      unitScale: 2,
      settlesOnSpending: false,
      usesRoutes: false,
      status: SchemeStatus.OPEN,
    });
  }
  const rates = await listRates(ctx, S);
  for (const r of RATES_2022) {
    if (!rates.some((e) => e.category === r.category && e.validFrom === '2022-01-01' && e.route === null)) {
      await addRate(ctx, {
        schemeCode: S,
        category: r.category as Category,
        route: null,
        validFrom: '2022-01-01',
        amount: money(r.amount),
      });
    }
  }
  await recordCounts(ctx, { batchKey: 'fixture-2022-voorne-taakstelling', rows: taakstellingRows() });
  // The SPUK rules of the 2025 file (this scenario loads before it; rules are per scheme, not year).
  const rules = await loadFixtureRules(ctx, fixtureFile('allocation-2025.json'));
  const ruleId = (key: string): string => {
    const id = rules.get(key);
    if (id === undefined) {
      throw new Error(`fixture: allocation rule ${key} is missing from allocation-2025.json`);
    }
    return id;
  };
  // 3. Provisional run on the housing task, advances planned and paid in 2022 to the old codes.
  const provisional = await runAllocation(ctx, {
    schemeCode: S,
    year: Y,
    ruleVersionId: ruleId('SPUK-TAAKSTELLING'),
    stage: RunStage.PROVISIONAL,
    idempotencyKey: 'fixture-2022-spuk-provisional',
    dryRun: false,
  });
  await createAdvancePlan(officer, {
    schemeCode: S,
    year: Y,
    allocationRunId: provisional.run.id,
    idempotencyKey: 'fixture-2022-spuk-advance-plan',
  });
  const paid = await payTranches(officer, { schemeCode: S, year: Y, dueUpTo: '2022-12-31', idempotencyKey: 'fixture-2022-spuk-pay-all' });
  // 4. The people (2022 events), 2022 attributed and published as REGISTERED counts under the old
  //    codes (PEILDATUM) and the definitive run, its commitment booked on the old codes.
  const events = mergerPeopleEvents();
  const people2022 = await importPersonEvents(ctx, {
    batchKey: 'fixture:people-2022:voorne-aan-zee:v1',
    events: events.filter((e) => e.date < MERGER_FIXTURE.effectiveDate) as unknown as Record<string, unknown>[],
  });
  await publishAttribution(ctx, { year: Y, rule: 'PEILDATUM' });
  const definitive = await runAllocation(ctx, {
    schemeCode: S,
    year: Y,
    ruleVersionId: ruleId('SPUK-REGISTERED'),
    stage: RunStage.DEFINITIVE,
    idempotencyKey: 'fixture-2022-spuk-definitive',
    dryRun: false,
  });
  // 5. The herindeling: registering it books the transfer of every balance of the old codes
  //    (advances paid, commitments) in the same transaction.
  const mergers = await registerMergerAndBook(officer, {
    dissolvedCodes: [...MERGER_FIXTURE.dissolvedCodes],
    successorCode: MERGER_FIXTURE.successorCode,
    successorName: MERGER_FIXTURE.successorName,
    effectiveDate: MERGER_FIXTURE.effectiveDate,
    idempotencyKey: 'fixture-2023-voorne-aan-zee',
  });
  // 6. The settlement of 2022, on 1 September 2023: paid out to or invoiced from the successor.
  const settlement = await draftSettlement(officer, {
    schemeCode: S,
    year: Y,
    allocationRunId: definitive.run.id,
    recoveryMode: 'INVOICE',
    payeeDate: '2023-09-01',
    idempotencyKey: 'fixture-2022-spuk-settlement',
  });
  await finaliseSettlement(as(ctx, SECOND_OFFICER), {
    settlementId: settlement.settlement.id,
    idempotencyKey: 'fixture-2022-spuk-settlement-finalise',
    effectiveDate: '2023-09-01',
  });
  // 7. The 2023 moves, written with either code (possible only once the merger is registered).
  const people2023 = await importPersonEvents(ctx, {
    batchKey: 'fixture:people-2023:voorne-aan-zee:v1',
    events: events.filter((e) => e.date >= MERGER_FIXTURE.effectiveDate) as unknown as Record<string, unknown>[],
  });
  const booked = (await listMergersWithTransfers(ctx)).filter(
    (m) => m.successorCode === MERGER_FIXTURE.successorCode && m.transferTransactionId,
  );
  return {
    tranchesPaid: paid.replayed ? 0 : paid.tranches.length,
    transfers: Math.max(booked.length, mergers.length),
    personEvents: people2022.applied + people2023.applied,
    settlementId: settlement.settlement.id,
  };
}
