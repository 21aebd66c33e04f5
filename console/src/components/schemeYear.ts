/** The part of a scheme-year the choice needs. */
export interface SchemeYearKey {
  code: string;
  year: number;
}

/** Newest year first, then by scheme code. */
export function sortSchemeYears<T extends SchemeYearKey>(schemes: readonly T[]): T[] {
  return [...schemes].sort((a, b) => b.year - a.year || a.code.localeCompare(b.code));
}

/** The distinct years, newest first. */
export function yearsOf(schemes: readonly SchemeYearKey[]): number[] {
  return [...new Set(schemes.map((s) => s.year))].sort((a, b) => b - a);
}

/**
 * Which scheme-year a page shows. The URL's `year` (if it has scheme-years) and `scheme` win; a
 * year without a matching scheme takes the first preferred scheme of that year, else its first;
 * without a usable year, the first scheme-year that matches the preferences (in their order), else
 * the newest. `schemes` must be sorted (`sortSchemeYears`).
 */
export function chooseSchemeYear<T extends SchemeYearKey>(
  schemes: readonly T[],
  wanted: { scheme: string | null; year: number | null },
  prefer: readonly ((s: T) => boolean)[] = [],
): T | null {
  const firstPreferred = (candidates: readonly T[]): T | undefined => {
    for (const p of prefer) {
      const hit = candidates.find(p);
      if (hit !== undefined) {
        return hit;
      }
    }
    return undefined;
  };
  const inYear = schemes.filter((s) => s.year === wanted.year);
  if (inYear.length > 0) {
    return inYear.find((s) => s.code === wanted.scheme) ?? firstPreferred(inYear) ?? inYear[0] ?? null;
  }
  const ofScheme = schemes.filter((s) => s.code === wanted.scheme);
  return firstPreferred(ofScheme) ?? ofScheme[0] ?? firstPreferred(schemes) ?? schemes[0] ?? null;
}

/** The URL's year if it is one of `years`, else the first preferred year, else the newest. */
export function chooseYear(years: readonly number[], wanted: number | null, preferred: readonly number[] = []): number | null {
  if (wanted !== null && years.includes(wanted)) {
    return wanted;
  }
  return preferred.find((y) => years.includes(y)) ?? years[0] ?? null;
}

/** "2026" → 2026; anything else → null. */
export function yearParam(text: string | null): number | null {
  return text !== null && /^\d{4}$/.test(text) ? Number(text) : null;
}
