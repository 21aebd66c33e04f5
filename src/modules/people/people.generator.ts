/**
 * Deterministic synthetic population (pure: no I/O, no clock, no Math.random). Same options and
 * seed give the same events, in the import format (docs/import-formats-events.md).
 *
 * Realism, roughly after CBS's Statistiek Wet inburgering: about two thirds asylum status holders,
 * who start in reception (no municipality) and are housed after weeks to many months, clustered in
 * large municipalities and near reception centres; family and other migrants start in a
 * municipality; a share of people move, mostly to a neighbouring municipality; obligations end
 * after one to three years.
 */
export interface GeneratorMunicipality {
  code: string;
  population: number;
  neighbours: string[];
}

export interface GeneratorOptions {
  people: number;
  year: number;
  seed: number;
  municipalities: GeneratorMunicipality[];
  /** Share of people who move at least once (0..1). */
  moverShare?: number;
  /** Events after this date are not emitted (the state known then). Default 31 December of year. */
  until?: string;
  /** Prefix of pseudonyms and event ids, so populations of different seeds never collide. */
  prefix?: string;
  /** Obligations start in `year` only (a yearly cohort) instead of over year − 1 and year. */
  singleYear?: boolean;
  /** Municipalities with a reception centre in use (default RECEPTION_CENTRE_CODES): housing clusters near them. */
  receptionCentres?: readonly string[];
  /** Shares of ASIELSTATUSHOUDER, GEZINSMIGRANT, OVERIG (default 0.65, 0.28, 0.07). */
  categoryMix?: readonly [number, number, number];
}

export interface GeneratedEvent {
  eventId: string;
  personId: string;
  type: 'OBLIGATION_STARTED' | 'HOUSED' | 'MOVED' | 'OBLIGATION_ENDED';
  date: string;
  category?: string;
  route?: string;
  municipalityCode?: string;
  fromCode?: string;
  toCode?: string;
  endReason?: string;
  source: string;
  sourceRecordedAt: string;
}

/** mulberry32: small, fast, good enough for synthetic data; seeded, so reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Municipalities with a large asylum reception centre (COA), 2025, by CBS code. */
export const RECEPTION_CENTRE_CODES = ['GM1950', 'GM1706', 'GM0784', 'GM0106', 'GM0299', 'GM0200', 'GM0080', 'GM0193', 'GM0855', 'GM0268'];

const DAY = 86_400_000;
const toDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const fromDate = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

class WeightedPicker {
  private readonly cumulative: number[] = [];
  private total = 0;
  constructor(
    private readonly codes: string[],
    weights: number[],
  ) {
    for (const w of weights) {
      this.total += w;
      this.cumulative.push(this.total);
    }
  }
  pick(u: number): string {
    const target = u * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] as number) > target) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return this.codes[lo] as string;
  }
}

function choose<T>(rand: () => number, options: readonly (readonly [T, number])[]): T {
  let u = rand();
  for (const [value, p] of options) {
    if (u < p) {
      return value;
    }
    u -= p;
  }
  return (options.at(-1) as readonly [T, number])[0];
}

/** Yields every person's events in chronological order, person after person. */
export function* generatePopulation(options: GeneratorOptions): Generator<GeneratedEvent> {
  const rand = prng(options.seed);
  const moverShare = options.moverShare ?? 0.2;
  const until = fromDate(options.until ?? `${options.year}-12-31`);
  const prefix = options.prefix ?? `s${options.seed.toString(36)}`;
  const munis = [...options.municipalities].sort((a, b) => a.code.localeCompare(b.code));
  const byCode = new Map(munis.map((m) => [m.code, m]));
  const nearCentre = new Set(
    (options.receptionCentres ?? RECEPTION_CENTRE_CODES).flatMap((c) => [c, ...(byCode.get(c)?.neighbours ?? [])]),
  );
  // Superlinear in population: people cluster in the large cities; reception centres pull housing nearby.
  const housing = new WeightedPicker(
    munis.map((m) => m.code),
    munis.map((m) => Math.pow(m.population, 1.15) * (nearCentre.has(m.code) ? 2.5 : 1)),
  );
  const family = new WeightedPicker(
    munis.map((m) => m.code),
    munis.map((m) => Math.pow(m.population, 1.25)),
  );
  const yearStart = fromDate(`${options.singleYear === true ? options.year : options.year - 1}-01-01`);
  const mix = options.categoryMix ?? [0.65, 0.28, 0.07];
  const span = Math.round((fromDate(`${options.year}-12-31`) - yearStart) / DAY) + 1;
  const stamp = (ms: number, lag: number) => `${toDate(ms + lag * DAY)}T09:00:00.000Z`;

  for (let i = 0; i < options.people; i += 1) {
    const personId = `${prefix}-${i.toString(36).padStart(6, '0')}`;
    let k = 0;
    const ev = (e: Omit<GeneratedEvent, 'eventId' | 'personId'>): GeneratedEvent => ({
      eventId: `${personId}-${(k += 1)}`,
      personId,
      ...e,
    });
    const category = choose(rand, [
      ['ASIELSTATUSHOUDER', mix[0]],
      ['GEZINSMIGRANT', mix[1]],
      ['OVERIG', mix[2]],
    ] as const);
    const route = choose(rand, [
      ['B1', 0.7],
      ['ONDERWIJSROUTE', 0.1],
      ['Z_ROUTE', 0.2],
    ] as const);
    // Starts spread over the year before and the year itself, a bit more in the later months.
    let day = yearStart + Math.floor(Math.sqrt(rand()) * span) * DAY;
    if (day > until) {
      continue;
    }
    const asylum = category === 'ASIELSTATUSHOUDER';
    let current: string | null = asylum ? null : family.pick(rand());
    const start = day;
    const end = start + Math.floor(365 + rand() * 730) * DAY;
    const events: GeneratedEvent[] = [];
    events.push(
      ev({
        type: 'OBLIGATION_STARTED',
        date: toDate(day),
        category,
        route,
        ...(current !== null ? { municipalityCode: current } : {}),
        source: asylum ? 'COA' : 'IND',
        sourceRecordedAt: stamp(day, 1 + Math.floor(rand() * 5)),
      }),
    );
    if (asylum) {
      // Weeks to many months in reception: a long-tailed wait, at least two weeks.
      day += Math.min(700, 14 + Math.floor(-Math.log(1 - rand()) * 100)) * DAY;
      if (day <= until && day <= end) {
        current = housing.pick(rand());
        events.push(ev({ type: 'HOUSED', date: toDate(day), municipalityCode: current, source: 'COA', sourceRecordedAt: stamp(day, 2) }));
      }
    }
    if (current !== null && rand() < moverShare) {
      const moves = rand() < 0.25 ? 2 : 1;
      for (let m = 0; m < moves; m += 1) {
        // Occasionally on the same day as the previous event (a same-day chain).
        day += (rand() < 0.03 ? 0 : 20 + Math.floor(rand() * 300)) * DAY;
        if (day > until || day > end) {
          break;
        }
        const here: string = current;
        const neighbours = byCode.get(here)?.neighbours.filter((c) => byCode.has(c)) ?? [];
        let to =
          neighbours.length > 0 && rand() < 0.75 ? (neighbours[Math.floor(rand() * neighbours.length)] as string) : housing.pick(rand());
        if (to === here) {
          to = (munis[(munis.findIndex((x) => x.code === here) + 1) % munis.length] as GeneratorMunicipality).code;
        }
        events.push(ev({ type: 'MOVED', date: toDate(day), fromCode: here, toCode: to, source: 'BRP', sourceRecordedAt: stamp(day, 3) }));
        current = to;
      }
    }
    if (end <= until) {
      const endReason = choose(rand, [
        ['COMPLETED', 0.7],
        ['EXEMPTED', 0.12],
        ['LEFT_COUNTRY', 0.08],
        ['OTHER', 0.1],
      ] as const);
      events.push(
        ev({
          type: 'OBLIGATION_ENDED',
          date: toDate(Math.max(end, day)),
          endReason,
          source: 'DUO',
          sourceRecordedAt: stamp(Math.max(end, day), 7),
        }),
      );
    }
    yield* events;
  }
}

/**
 * New people obliged per cohort year, national (2022 and 2023 after CBS's Statistiek Wet
 * inburgering, the other years synthetic inside the 26,000–36,000 band), with the asylum share.
 */
export const NATIONAL_COHORTS: Readonly<Record<number, { people: number; asylumShare: number }>> = {
  2019: { people: 27_400, asylumShare: 0.66 },
  2020: { people: 26_000, asylumShare: 0.63 },
  2021: { people: 29_800, asylumShare: 0.68 },
  2022: { people: 26_200, asylumShare: 0.72 },
  2023: { people: 36_100, asylumShare: 0.61 },
  2024: { people: 34_500, asylumShare: 0.66 },
  2025: { people: 31_200, asylumShare: 0.67 },
  2026: { people: 29_600, asylumShare: 0.68 },
};

export interface HistoryOptions {
  fromYear: number;
  toYear: number;
  seed: number;
  /** Share of the national cohort sizes (1 = national scale; tests use a small share). */
  scale: number;
  municipalities: GeneratorMunicipality[];
  /** Share of people who move at least once (default 0.3: more moves once the housing task goes). */
  moverShare?: number;
}

/**
 * Yearly cohorts `fromYear`..`toYear` (each starting in its own year), events up to 31 December of
 * `toYear`. Which reception centres are in use changes from year to year (each is open in a year
 * with probability 0.7, seeded), so housing clusters move: the volatility a forecast must face.
 * Deterministic: the same options give the same events.
 */
export function* generateHistory(options: HistoryOptions): Generator<GeneratedEvent> {
  const centres = prng(options.seed ^ 0x5eed);
  for (let year = options.fromYear; year <= options.toYear; year += 1) {
    const cohort = NATIONAL_COHORTS[year] ?? { people: 30_000, asylumShare: 0.66 };
    const open = RECEPTION_CENTRE_CODES.filter(() => centres() < 0.7);
    const rest = 1 - cohort.asylumShare;
    const until = `${options.toYear}-12-31`;
    // generatePopulation can date an end after `until` when a move that would pass it was dropped
    // (its day is kept): the state known on `until` has no such event.
    for (const e of generatePopulation({
      people: Math.max(1, Math.round(cohort.people * options.scale)),
      year,
      seed: options.seed * 10_000 + year,
      municipalities: options.municipalities,
      moverShare: options.moverShare ?? 0.3,
      until,
      prefix: `h${options.seed.toString(36)}y${year}`,
      singleYear: true,
      receptionCentres: open,
      categoryMix: [cohort.asylumShare, rest * 0.8, rest * 0.2],
    })) {
      if (e.date <= until) {
        yield e;
      }
    }
  }
}
