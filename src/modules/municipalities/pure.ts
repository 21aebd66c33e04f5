/**
 * The municipalities module's pure face: rules without I/O that another module's calculator may use.
 */

/** A merger as the rules need it: the dissolved code's affairs pass to the successor on the date. */
export interface MergerStep {
  dissolvedCode: string;
  successorCode: string;
  effectiveDate: string;
}

/** Mergers by dissolved code, for `successorOn`. */
export function mergersByDissolved<M extends MergerStep>(mergers: readonly M[]): ReadonlyMap<string, M> {
  return new Map(mergers.map((m) => [m.dissolvedCode, m]));
}

/**
 * The municipality whose affairs `code`'s are on `date`: merger chains followed while their effective
 * date is on or before `date` (DOMAIN.md Calculations 1).
 */
export function successorOn(byDissolved: ReadonlyMap<string, MergerStep>, code: string, date: string): string {
  let current = code;
  for (let depth = 0; depth < 100; depth += 1) {
    const m = byDissolved.get(current);
    if (!m || m.effectiveDate > date) {
      return current;
    }
    current = m.successorCode;
  }
  throw new Error(`merger chain from ${code} does not end`);
}
