/**
 * One yearly count row for `importCounts`/`recordCounts` in the tests: a municipality's figure of
 * status holders for a calendar year, REGISTERED (by DUO, peildatum rule) or a ministry basis
 * (TAAKSTELLING, …).
 */
export const yearlyCount = (municipalityCode: string, year: number, basis: string, value: string) => ({
  municipalityCode,
  periodType: 'YEAR',
  periodStart: `${year}-01-01`,
  periodEnd: `${year}-12-31`,
  category: 'ASIELSTATUSHOUDER',
  route: null,
  basis,
  rule: basis === 'REGISTERED' ? 'PEILDATUM' : null,
  source: basis === 'REGISTERED' ? 'DUO' : 'MINISTRY',
  value,
});
