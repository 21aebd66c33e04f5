import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { RequestContext } from '../../context';

interface CsvRow {
  code: string;
  name: string;
  province_code: string;
  province: string;
  population: string;
  area_km2: string;
  neighbours: string;
}

/** Loads fixtures/municipalities.csv once (existing codes are left alone). Returns rows inserted. */
export async function loadMunicipalityFixtures(
  ctx: RequestContext,
  file = path.join(resolveFixturesDir(), 'municipalities.csv'),
): Promise<number> {
  const rows = parse<CsvRow>(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true });
  const result: { inserted: number }[] = await ctx.em.query(
    `WITH ins AS (
       INSERT INTO municipalities (code, name, province_code, province, population, area_km2, neighbours)
       SELECT code, name, province_code, province, population, area_km2, neighbours::text[]
         FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::int[], $6::numeric[], $7::text[])
           AS t(code, name, province_code, province, population, area_km2, neighbours)
       ON CONFLICT (code) DO NOTHING RETURNING 1)
     SELECT count(*)::int AS inserted FROM ins`,
    [
      rows.map((r) => r.code),
      rows.map((r) => r.name),
      rows.map((r) => r.province_code),
      rows.map((r) => r.province),
      rows.map((r) => r.population),
      rows.map((r) => r.area_km2),
      // text[] of '{a,b}' literals: unnest of a 2-D array would flatten, so pass array literals.
      rows.map((r) => `{${r.neighbours.split(';').filter(Boolean).join(',')}}`),
    ],
  );
  return result[0]?.inserted ?? 0;
}

/**
 * The municipalities of fixtures/municipalities-2022.csv: real municipalities dissolved by a
 * herindeling before 2025 (decision 1650), inserted as they existed before it (no end date; the
 * merger registration gives them one). Codes already present are left alone. Returns rows inserted.
 */
export async function loadHistoricMunicipalityFixtures(ctx: RequestContext): Promise<number> {
  return loadMunicipalityFixtures(ctx, path.join(resolveFixturesDir(), 'municipalities-2022.csv'));
}

/** fixtures/ sits at the repository root, both from src (ts-jest) and from dist/src (compiled). */
export function resolveFixturesDir(): string {
  for (const candidate of [path.resolve(__dirname, '../../../fixtures'), path.resolve(__dirname, '../../../../fixtures')]) {
    if (fs.existsSync(path.join(candidate, 'municipalities.csv'))) {
      return candidate;
    }
  }
  throw new Error('fixtures/ not found');
}
