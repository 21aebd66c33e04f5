import { buildReport, initialForm, type ReportForm } from '../../console/src/pages/controller/reports/reportForm';
import { csvDelimiter, csvRecords } from '../../console/src/components/csvRecords';

const empty = (year = 2026): ReportForm => initialForm(null, year, 'nl');

describe('console report form: what the controller types becomes the API input, exactly', () => {
  it('converts Dutch and plain figures to canonical decimal strings and maps each line to its field', () => {
    const form = empty();
    form.counts['ASIELSTATUSHOUDER|'] = { value: '1.092,5', explanation: ' half a year ' };
    form.counts['OVERIG|'] = { value: '12', explanation: '' };
    form.spending.LANGUAGE_AND_INTEGRATION = { value: '11.800.000,00', explanation: '' };
    form.spending.IMPLEMENTATION_COSTS = { value: '1092.5', explanation: '' };
    const built = buildReport(form, false, 'nl');
    expect(built.unreadable).toEqual({});
    expect(built.content).toEqual({
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      counts: [
        { category: 'ASIELSTATUSHOUDER', count: '1092.5', explanation: 'half a year' },
        { category: 'OVERIG', count: '12' },
      ],
      expenditure: [
        // Schema order of the generated SpendingComponent enum.
        { component: 'IMPLEMENTATION_COSTS', amount: '1092.5' },
        { component: 'LANGUAGE_AND_INTEGRATION', amount: '11800000.00' },
      ],
      attachments: [],
    });
    expect(built.fieldIds['input.counts[1].count']).toBe('count-OVERIG|');
    expect(built.fieldIds['input.expenditure[1].amount']).toBe('amount-LANGUAGE_AND_INTEGRATION');
  });

  it('splits counts by route where the scheme uses routes', () => {
    const form = empty();
    form.counts['GEZINSMIGRANT|Z_ROUTE'] = { value: '3', explanation: '' };
    expect(buildReport(form, true, 'nl').content.counts).toEqual([{ category: 'GEZINSMIGRANT', route: 'Z_ROUTE', count: '3' }]);
  });

  it('reports a figure it cannot read at its field, as typed, instead of sending it', () => {
    const form = empty();
    form.counts['ASIELSTATUSHOUDER|'] = { value: '1.092', explanation: '' };
    form.spending.FINANCIEEL_ONTZORGEN = { value: '1,092.50', explanation: '' };
    form.spending.LANGUAGE_AND_INTEGRATION = { value: '-5', explanation: '' };
    expect(buildReport(form, false, 'nl').unreadable).toEqual({
      'count-ASIELSTATUSHOUDER|': { typed: '1.092', problem: { kind: 'ambiguous', asThousands: '1092', asDecimal: '1.092' } },
      'amount-FINANCIEEL_ONTZORGEN': { typed: '1,092.50', problem: { kind: 'format' } },
      'amount-LANGUAGE_AND_INTEGRATION': { typed: '-5', problem: { kind: 'negative' } },
    });
  });

  it('fills a correction from the API’s figures so that they read back unchanged', () => {
    const start = {
      periodStart: '2026-01-01',
      periodEnd: '2026-06-30',
      counts: [
        { category: 'ASIELSTATUSHOUDER', route: null, count: '1092.000000', explanation: null },
        { category: 'OVERIG', route: null, count: '12.500000', explanation: 'x' },
      ],
      expenditure: [{ component: 'LANGUAGE_AND_INTEGRATION', amount: '9500000.00', explanation: null }],
      attachments: [{ name: 'jaarrekening.pdf', sha256: 'a'.repeat(64) }],
    };
    const form = initialForm(start, 2026, 'nl');
    expect(form.counts['ASIELSTATUSHOUDER|']?.value).toBe('1092');
    expect(form.counts['OVERIG|']?.value).toBe('12,5');
    expect(form.spending.LANGUAGE_AND_INTEGRATION?.value).toBe('9500000,00');
    const built = buildReport(form, false, 'nl');
    expect(built.unreadable).toEqual({});
    expect(built.content.counts.map((c) => c.count)).toEqual(['1092', '12.5']);
    expect(built.content.expenditure).toEqual([{ component: 'LANGUAGE_AND_INTEGRATION', amount: '9500000.00' }]);
    expect(built.content.attachments).toEqual(start.attachments);
    expect(initialForm(start, 2026, 'en').spending.LANGUAGE_AND_INTEGRATION?.value).toBe('9500000.00');
  });
});

describe('console CSV of a table as shown', () => {
  const columns = [
    { header: 'Gemeente', numeric: false, value: (r: { name: string; amount: string }) => r.name },
    { header: 'Bedrag', numeric: true, value: (r: { name: string; amount: string }) => r.amount },
  ];
  const rows = [
    { name: 'Súdwest-Fryslân', amount: '1234567.50' },
    { name: '=HYPERLINK("x")', amount: '-12' },
  ];

  it('keeps numbers exact and ungrouped with the language’s decimal separator', () => {
    expect(csvRecords(columns, rows, 'nl')).toEqual([
      ['Gemeente', 'Bedrag'],
      ['Súdwest-Fryslân', '1234567,50'],
      ['\'=HYPERLINK("x")', '-12'],
    ]);
    expect(csvRecords(columns, rows, 'en')[1]).toEqual(['Súdwest-Fryslân', '1234567.50']);
    expect([csvDelimiter('nl'), csvDelimiter('en')]).toEqual([';', ',']);
  });
});
