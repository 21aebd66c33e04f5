import { attributionSql, divisorFor, ATTRIBUTION_RULES } from './attribution.sql';

describe('divisorFor', () => {
  it.each([
    ['PRO_RATA_DAYS', 2027, 365],
    ['PRO_RATA_DAYS', 2028, 366],
    ['FIRST_MUNICIPALITY', 2100, 365],
    ['FIRST_MUNICIPALITY', 2000, 366],
    ['FIRST_OF_MONTH', 2028, 12],
    ['PEILDATUM', 2028, 1],
    ['EDUCATION_ROUTE', 2028, 1],
  ] as const)('%s %i -> %i', (rule, year, divisor) => {
    expect(divisorFor(rule, year)).toBe(divisor);
  });
});

describe('attributionSql', () => {
  it.each(ATTRIBUTION_RULES)('%s rounds once, after summing per successor', (rule) => {
    const sql = attributionSql(rule);
    expect(sql.match(/round\(/g)).toHaveLength(1);
    expect(sql).toContain('round(sum(u.units)::numeric / $3::int, 6)');
  });
});
