import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { RequestContext } from '../../context';
import { generateHistory, generatePopulation, type GeneratorMunicipality } from './people.generator';
import { importPersonEvents } from './person-event.service';

/** The people fixture: 5,000 synthetic people for 2026, generated deterministically at load. */
export const PEOPLE_FIXTURE = { people: 5000, year: 2026, seed: 2026, moverShare: 0.2, batchKey: 'fixture:people-2026:seed-2026:v1' };

function fixturesDir(): string {
  for (const candidate of [path.resolve(__dirname, '../../../fixtures'), path.resolve(__dirname, '../../../../fixtures')]) {
    if (fs.existsSync(path.join(candidate, 'municipalities.csv'))) {
      return candidate;
    }
  }
  throw new Error('fixtures/municipalities.csv not found');
}

/** Codes, population and neighbours from fixtures/municipalities.csv (the generator's input). */
export function readMunicipalitiesForGenerator(file = path.join(fixturesDir(), 'municipalities.csv')): GeneratorMunicipality[] {
  const rows = parse<{ code: string; population: string; neighbours: string }>(fs.readFileSync(file, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  });
  return rows.map((r) => ({ code: r.code, population: Number(r.population), neighbours: r.neighbours.split(';').filter(Boolean) }));
}

/**
 * Loads the people fixture once: skipped when its batch is recorded, and the import itself is
 * idempotent, so a restart or a crash half-way never loads anything twice. Returns events added.
 */
export async function loadPeopleFixtures(ctx: RequestContext): Promise<number> {
  const done = await ctx.em.query<unknown[]>('SELECT 1 FROM person_event_batches WHERE batch_key = $1', [PEOPLE_FIXTURE.batchKey]);
  if (done.length > 0) {
    return 0;
  }
  const events = [
    ...generatePopulation({
      people: PEOPLE_FIXTURE.people,
      year: PEOPLE_FIXTURE.year,
      seed: PEOPLE_FIXTURE.seed,
      moverShare: PEOPLE_FIXTURE.moverShare,
      municipalities: readMunicipalitiesForGenerator(),
    }),
  ];
  const summary = await importPersonEvents(ctx, {
    batchKey: PEOPLE_FIXTURE.batchKey,
    events: events as unknown as Record<string, unknown>[],
  });
  return summary.applied;
}

/** The national history fixture (FIXTURE_HISTORY=national): cohorts 2019–2026 at national scale, seed 2019. */
export const HISTORY_FIXTURE = { fromYear: 2019, toYear: 2026, seed: 2019 };

/**
 * Loads yearly cohorts `fromYear`..`toYear` at `scale` of the national figures as one idempotent
 * batch (skipped when recorded). Returns events added. The counts per municipality, category and
 * year are then derived by the normal path (attribution, published as REGISTERED counts).
 */
export async function loadHistoryFixtures(
  ctx: RequestContext,
  options: { fromYear: number; toYear: number; seed: number; scale: number },
): Promise<number> {
  const batchKey = `fixture:history:${options.fromYear}-${options.toYear}:seed-${options.seed}:scale-${options.scale}:v1`;
  const done = await ctx.em.query<unknown[]>('SELECT 1 FROM person_event_batches WHERE batch_key = $1', [batchKey]);
  if (done.length > 0) {
    return 0;
  }
  const events = [...generateHistory({ ...options, municipalities: readMunicipalitiesForGenerator() })];
  const summary = await importPersonEvents(ctx, { batchKey, events: events as unknown as Record<string, unknown>[] });
  return summary.applied;
}
