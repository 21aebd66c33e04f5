/**
 * An independent, deliberately naive attribution: walks every person day by day, straight from
 * DOMAIN.md's sentences, sharing no code with the SQL. Units per "code|category|route".
 */
export interface RefEvent {
  personId: string;
  type: string;
  date: string;
  category?: string | null;
  route?: string | null;
  municipalityCode?: string | null;
  fromCode?: string | null;
  toCode?: string | null;
}

export type Rule = 'PEILDATUM' | 'PRO_RATA_DAYS' | 'FIRST_OF_MONTH' | 'FIRST_MUNICIPALITY' | 'EDUCATION_ROUTE';

/**
 * The calendar day after `d`. Remembered per date: every person walks the same calendar, and a
 * `Date` per person-day was most of these suites' CPU (issue 19 item 7), not part of what they check.
 */
const following = new Map<string, string>();
const nextDay = (d: string): string => {
  let next = following.get(d);
  if (next === undefined) {
    const x = new Date(`${d}T00:00:00Z`);
    x.setUTCDate(x.getUTCDate() + 1);
    next = x.toISOString().slice(0, 10);
    following.set(d, next);
  }
  return next;
};

interface Day {
  date: string;
  code: string;
  obligation: number;
  category: string;
  route: string;
  startYear: number;
}

/** Every day on which the person has a municipality, from the first event to `lastDay`. */
export function responsibleDays(events: RefEvent[], lastDay: string): Day[] {
  // Events arrive in applied order; a stable sort by date keeps that order within a date.
  const sorted = [...events].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  if (sorted.length === 0) {
    return [];
  }
  const days: Day[] = [];
  let obliged = false;
  let code: string | null = null;
  let obligation = 0;
  let category = '';
  let route = '';
  let startYear = 0;
  let i = 0;
  for (let d = (sorted[0] as RefEvent).date; d <= lastDay; d = nextDay(d)) {
    let today: string | null = obliged ? code : null;
    while (i < sorted.length && (sorted[i] as RefEvent).date === d) {
      const e = sorted[i] as RefEvent;
      i += 1;
      if (e.type === 'OBLIGATION_STARTED') {
        obliged = true;
        obligation += 1;
        category = e.category ?? '';
        route = e.route ?? '';
        startYear = Number(d.slice(0, 4));
        code = e.municipalityCode ?? null;
        today = code;
      } else if (e.type === 'HOUSED') {
        code = e.municipalityCode ?? null;
        today = code;
      } else if (e.type === 'MOVED') {
        code = e.toCode ?? null;
        today = code;
      } else {
        // The end date itself is still covered, by whoever held the person just before the end.
        today = code;
        obliged = false;
        code = null;
      }
    }
    if (today !== null) {
      days.push({ date: d, code: today, obligation, category, route, startYear });
    }
  }
  return days;
}

export function referenceAttribution(
  events: RefEvent[],
  year: number,
  rule: Rule,
  successor: (code: string) => string = (c) => c,
): Map<string, number> {
  const byPerson = new Map<string, RefEvent[]>();
  for (const e of events) {
    byPerson.set(e.personId, [...(byPerson.get(e.personId) ?? []), e]);
  }
  const units = new Map<string, number>();
  const add = (code: string, category: string, route: string, n: number) => {
    const key = `${successor(code)}|${category}|${route}`;
    units.set(key, (units.get(key) ?? 0) + n);
  };
  const y = String(year);
  for (const list of byPerson.values()) {
    const days = responsibleDays(list, `${year}-12-31`);
    const firstOf = new Map<number, Day>();
    for (const d of days) {
      if (!firstOf.has(d.obligation)) {
        firstOf.set(d.obligation, d);
      }
    }
    for (const d of days) {
      if (!d.date.startsWith(y)) {
        continue;
      }
      if (rule === 'PRO_RATA_DAYS') {
        add(d.code, d.category, d.route, 1);
      } else if (rule === 'FIRST_OF_MONTH' && d.date.endsWith('-01')) {
        add(d.code, d.category, d.route, 1);
      } else if (rule === 'FIRST_MUNICIPALITY') {
        add((firstOf.get(d.obligation) as Day).code, d.category, d.route, 1);
      }
    }
    if (rule === 'PEILDATUM') {
      const counted = new Set<number>();
      for (const d of days) {
        const dy = Number(d.date.slice(0, 4));
        const windowEnd = d.startYear + (d.category === 'ASIELSTATUSHOUDER' ? 2 : 0);
        if (d.date.endsWith('-12-31') && dy >= d.startYear && dy <= windowEnd && !counted.has(d.obligation)) {
          counted.add(d.obligation);
          if (dy === year) {
            add(d.code, d.category, d.route, 1);
          }
        }
      }
    }
    if (rule === 'EDUCATION_ROUTE') {
      for (const first of firstOf.values()) {
        if (first.route === 'ONDERWIJSROUTE' && first.date.startsWith(y)) {
          add(first.code, first.category, first.route, 1);
        }
      }
    }
  }
  return units;
}

/** units / divisor rounded half away from zero to 6 decimals, with integer arithmetic only. */
export function toValue(units: number, divisor: number): string {
  const scaled = BigInt(units) * 1_000_000n;
  const q = scaled / BigInt(divisor);
  const r = scaled % BigInt(divisor);
  const rounded = r * 2n >= BigInt(divisor) ? q + 1n : q;
  const s = rounded.toString().padStart(7, '0');
  return `${s.slice(0, -6)}.${s.slice(-6)}`;
}
