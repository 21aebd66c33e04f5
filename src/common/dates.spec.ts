import { calendarDateProblem, optionalIsoDate, parseIsoDate } from './dates';

describe('calendar dates of the API', () => {
  it.each(['2026-01-01', '2024-02-29', '1900-01-01', '2999-12-31'])('accepts %p', (value) => {
    expect(calendarDateProblem(value)).toBeNull();
  });

  it.each([
    ['', 'is not a date written YYYY-MM-DD from 1900-01-01 to 2999-12-31, such as "2026-07-15"'],
    ['0000-01-01', 'is out of range'],
    ['1899-12-31', 'is out of range'],
    ['3000-01-01', 'is out of range'],
    ['2026-02-30', 'is not a calendar date (no such day)'],
    ['2025-02-29', 'is not a calendar date (no such day)'],
    ['20260101', 'is not a date written YYYY-MM-DD'],
    ['2026-01-01T00:00:00Z', 'is not a date written YYYY-MM-DD'],
    ['yesterday', 'is not a date written YYYY-MM-DD'],
  ])('refuses %p naming the expected format', (value, message) => {
    expect(calendarDateProblem(value)).toContain(message);
  });

  it('names the field, and an empty string is refused, not "not given"', () => {
    expect(() => parseIsoDate('0000-01-01', 'input.rows[0].periodStart')).toThrow(
      /^input\.rows\[0\]\.periodStart: "0000-01-01" is out of range/,
    );
    expect(optionalIsoDate(null, 'asOf')).toBeNull();
    expect(optionalIsoDate(undefined, 'asOf')).toBeNull();
    expect(optionalIsoDate('2026-07-15', 'asOf')).toBe('2026-07-15');
    expect(() => optionalIsoDate('', 'asOf')).toThrow(/^asOf: "" is not a date/);
  });

  it('answers the same for a date checked before, whether the dates found right are remembered or were emptied (decision 2130)', () => {
    const wrong = ['2026-02-30', '2025-02-29', '1899-12-31'];
    // Past the bound of 10,000 dates found right, so the remembered ones are emptied on the way.
    for (let day = 0; day < 12_000; day += 1) {
      const date = new Date(Date.UTC(1950, 0, 1 + day)).toISOString().slice(0, 10);
      expect(calendarDateProblem(date)).toBeNull();
      expect(calendarDateProblem(date)).toBeNull();
      if (day % 3000 === 0) {
        for (const w of wrong) {
          expect(calendarDateProblem(w)).not.toBeNull();
        }
      }
    }
    expect(calendarDateProblem('1950-01-01')).toBeNull();
    expect(wrong.map((w) => calendarDateProblem(w))).toEqual([
      expect.stringContaining('no such day'),
      expect.stringContaining('no such day'),
      expect.stringContaining('out of range'),
    ]);
  });
});
