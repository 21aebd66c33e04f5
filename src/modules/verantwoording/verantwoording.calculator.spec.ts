import { money } from '../../common/money/money';
import {
  contentHash,
  countDifferences,
  eligibleSpending,
  submittedLate,
  spendingDifferences,
  validateContent,
  withinTolerance,
} from './verantwoording.calculator';

const scheme = { unitScale: 2, usesRoutes: true };

describe('verantwoording rules', () => {
  it('accepts a well-formed report', () => {
    const { problems, content } = validateContent(
      {
        counts: [
          { category: 'ASIELSTATUSHOUDER', route: 'B1', count: '12.5' },
          { category: 'GEZINSMIGRANT', count: '3' },
        ],
        expenditure: [{ component: 'LANGUAGE_AND_INTEGRATION', amount: '1200.50' }],
        attachments: [{ name: 'jaarrekening.pdf', sha256: 'a'.repeat(64) }],
      },
      scheme,
    );
    expect(problems).toEqual([]);
    expect(content.counts[0]?.count.toFixed(6)).toBe('12.500000');
  });

  it('reports every bad line with its field and line number', () => {
    const { problems } = validateContent(
      {
        counts: [
          { category: 'ASIELSTATUSHOUDER', count: '1' },
          { category: 'TOERIST', count: '-1' },
          { category: 'OVERIG', route: 'X', count: '1.1234567' },
          { category: 'ASIELSTATUSHOUDER', count: '2' },
        ],
        expenditure: [
          { component: 'PARTY', amount: '1' },
          { component: 'FINANCIEEL_ONTZORGEN', amount: '1.005' },
          { component: 'FINANCIEEL_ONTZORGEN', amount: '1e3' },
        ],
        attachments: [{ name: '', sha256: 'xyz' }],
      },
      scheme,
    );
    expect(problems.map((p) => [p.line, p.field])).toEqual([
      [2, 'input.counts[1].category'],
      [2, 'input.counts[1].count'],
      [3, 'input.counts[2].route'],
      [3, 'input.counts[2].count'],
      [4, 'input.counts[3].category'],
      [1, 'input.expenditure[0].component'],
      [2, 'input.expenditure[1].amount'],
      [3, 'input.expenditure[2].amount'],
      [3, 'input.expenditure[2].component'],
      [1, 'input.attachments[0].name'],
      [1, 'input.attachments[0].sha256'],
    ]);
  });

  it('refuses cents in a whole-euro scheme and routes in a scheme without routes', () => {
    const { problems } = validateContent(
      {
        counts: [{ category: 'OVERIG', route: 'B1', count: '1' }],
        expenditure: [{ component: 'IMPLEMENTATION_COSTS', amount: '10.50' }],
        attachments: [],
      },
      { unitScale: 0, usesRoutes: false },
    );
    expect(problems.map((p) => p.field)).toEqual(['input.counts[0].route', 'input.expenditure[0].amount']);
    expect(problems[1]?.message).toMatch(/whole euros/);
  });

  it('hashes content canonically: line order does not matter, any value does', () => {
    const header = {
      municipalityCode: 'GM0363',
      schemeCode: 'SPUK-WI2021',
      year: 2026,
      version: 1,
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
    };
    const a = validateContent(
      {
        counts: [
          { category: 'OVERIG', count: '1' },
          { category: 'GEZINSMIGRANT', count: '2' },
        ],
        expenditure: [],
        attachments: [],
      },
      scheme,
    ).content;
    const b = validateContent(
      {
        counts: [
          { category: 'GEZINSMIGRANT', count: '2.0' },
          { category: 'OVERIG', count: '1' },
        ],
        expenditure: [],
        attachments: [],
      },
      scheme,
    ).content;
    const c = validateContent(
      {
        counts: [
          { category: 'GEZINSMIGRANT', count: '2.000001' },
          { category: 'OVERIG', count: '1' },
        ],
        expenditure: [],
        attachments: [],
      },
      scheme,
    ).content;
    expect(contentHash(header, a, 2)).toBe(contentHash(header, b, 2));
    expect(contentHash(header, a, 2)).not.toBe(contentHash(header, c, 2));
    expect(contentHash(header, a, 2)).toMatch(/^[0-9a-f]{64}$/);
  });

  describe('tolerance boundaries (inclusive)', () => {
    const tol = { absolute: money('0.5'), relative: money('0.02') };
    it.each([
      ['0.5', '0', true],
      ['0.500001', '0', false],
      ['2', '100', true],
      ['2.000001', '100', false],
      ['-2', '100', true],
      ['-2.01', '100', false],
      ['0.6', '0', false],
    ])('difference %s on expected %s within tolerance: %s', (d, e, ok) => {
      expect(withinTolerance(money(d), money(e), tol)).toBe(ok);
    });
  });

  it('compares reported with registered counts per category and route, missing as zero', () => {
    const diffs = countDifferences(
      [
        { category: 'ASIELSTATUSHOUDER', route: null, count: money('10') },
        { category: 'GEZINSMIGRANT', route: null, count: money('5') },
      ],
      [
        { category: 'ASIELSTATUSHOUDER', route: null, value: money('12.5') },
        { category: 'GEZINSMIGRANT', route: null, value: money('5') },
        { category: 'OVERIG', route: null, value: money('0.4') },
      ],
      { absolute: money('0.5'), relative: money('0.02') },
    );
    expect(diffs.map((d) => [d.category, d.difference.toFixed(), d.beyondTolerance])).toEqual([
      ['ASIELSTATUSHOUDER', '-2.5', true],
      ['OVERIG', '-0.4', false],
    ]);
    expect(diffs[0]?.relative?.toFixed(2)).toBe('-0.20');
  });

  it('sums eligible spending per stream and flags spending over funding or under advances', () => {
    const exp = [
      { component: 'LANGUAGE_AND_INTEGRATION', amount: money('1000.00') },
      { component: 'FINANCIEEL_ONTZORGEN', amount: money('200.00') },
      { component: 'IMPLEMENTATION_COSTS', amount: money('300.00') },
    ];
    expect(eligibleSpending(exp, 'INTEGRATION_PROVISIONS').toFixed(2)).toBe('1200.00');
    expect(eligibleSpending(exp, 'IMPLEMENTATION_COSTS').toFixed(2)).toBe('300.00');
    const tol = { absolute: money('10'), relative: money('0') };
    expect(
      spendingDifferences(money('1200.00'), money('1100.00'), money('900.00'), tol).map((d) => [
        d.check,
        d.difference.toFixed(2),
        d.beyondTolerance,
      ]),
    ).toEqual([['SPENDING_EXCEEDS_FUNDING', '100.00', true]]);
    expect(
      spendingDifferences(money('800.00'), money('1100.00'), money('805.00'), tol).map((d) => [
        d.check,
        d.difference.toFixed(2),
        d.beyondTolerance,
      ]),
    ).toEqual([['SPENDING_BELOW_ADVANCES', '-5.00', false]]);
  });
});

describe('submittedLate: the Dutch calendar day of the submission moment against the deadline', () => {
  it.each([
    ['2026-07-15T21:59:59Z', false], // 23:59:59 summer time on the deadline day
    ['2026-07-15T22:00:00Z', true], // 00:00 on 16 July in Amsterdam, still the 15th in UTC
    ['2026-04-01T08:00:00Z', false],
    ['2026-12-05T10:00:00Z', true],
  ])('%s against 2026-07-15 is late: %s', (at, late) => {
    expect(submittedLate(new Date(at), '2026-07-15')).toBe(late);
  });
});
