import { apportion, byCode } from '../../common/money/apportion';
import { Money } from '../../common/money/money';

export interface HousingTaskLine {
  municipalityCode: string;
  population: number;
  /** Exact quota total × population / Σ population, as a decimal string (never rounded). */
  exactShare: string;
  /** This half-year's share of the national task, whole persons (largest remainder). */
  task: number;
  /** Backlog carried in from the previous half-year: its obligation minus those housed (may be negative: a lead). */
  backlogIn: number;
  /** task + backlogIn: what the municipality has to house this half-year (negative = still ahead). */
  obligation: number;
  /** The TAAKSTELLING count recorded: max(0, obligation). */
  counted: number;
}

/**
 * Distributes a national half-year housing task (DOMAIN apportionment: largest remainder, whole
 * persons, ties to the lower code) over the municipalities given, by population, and adds each
 * one's backlog: the previous half-year's obligation minus the people housed in it (both already
 * under the municipality that exists now). Pure (decision 1613).
 */
export function distributeHousingTask(input: {
  total: number;
  municipalities: readonly { code: string; population: number }[];
  previousObligation: ReadonlyMap<string, number>;
  housed: ReadonlyMap<string, number>;
}): HousingTaskLine[] {
  const parts = apportion(
    new Money(input.total),
    input.municipalities.map((m) => ({ key: m.code, weight: new Money(m.population) })),
    0,
    byCode,
  );
  const population = new Map(input.municipalities.map((m) => [m.code, m.population]));
  return parts
    .map((p) => {
      const previous = input.previousObligation.get(p.key);
      const backlogIn = previous === undefined ? 0 : previous - (input.housed.get(p.key) ?? 0);
      const task = p.amount.toNumber();
      const obligation = task + backlogIn;
      return {
        municipalityCode: p.key,
        population: population.get(p.key)!,
        exactShare: p.exactShare.toFixed(),
        task,
        backlogIn,
        obligation,
        counted: Math.max(0, obligation),
      };
    })
    .sort((a, b) => byCode(a.municipalityCode, b.municipalityCode));
}
