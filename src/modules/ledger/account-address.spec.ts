import { accounts, municipalityOf, parseAccount, tryParseAccount } from './account-address';

describe('ledger account addresses', () => {
  it.each([
    [accounts.bank(), 'ASSET', 'DEBIT', null, null, null],
    [accounts.commitment('SPUK-WI2021', 2026), 'MEMO', 'DEBIT', null, 'SPUK-WI2021', 2026],
    [accounts.expense('SPUK-WI2021', 2026), 'EXPENSE', 'DEBIT', null, 'SPUK-WI2021', 2026],
    [accounts.committed('GM0363', 'SPUK-WI2021', 2026), 'MEMO', 'CREDIT', 'GM0363', 'SPUK-WI2021', 2026],
    [accounts.advance('GM0363', 'SPUK-WI2021', 2027), 'ASSET', 'DEBIT', 'GM0363', 'SPUK-WI2021', 2027],
    [accounts.receivable('GM0363', 'SPUK-WI2021'), 'ASSET', 'DEBIT', 'GM0363', 'SPUK-WI2021', null],
  ])('%s is %s, %s-normal', (address, kind, side, m, s, y) => {
    expect(parseAccount(address, 'a')).toMatchObject({ address, kind, normalSide: side, municipalityCode: m, schemeCode: s, year: y });
  });

  it.each([
    'ministry:cash',
    'ministry:bank:extra',
    'municipality:GM363:advance:SPUK-WI2021:2026',
    'municipality:GM0363:advance:SPUK-WI2021',
    'municipality:GM0363:advance:spuk:2026',
    'municipality:GM0363:receivable:SPUK-WI2021:2026',
    'ministry:commitment:SPUK-WI2021:26',
    '',
    ' ministry:bank',
  ])('refuses %p', (address) => {
    expect(tryParseAccount(address)).toBeNull();
    expect(() => parseAccount(address, 'input.postings[0].account')).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.postings[0].account' }) }),
    );
  });

  it('names the municipality of an address', () => {
    expect(municipalityOf(accounts.advance('GM0363', 'S', 2026))).toBe('GM0363');
    expect(municipalityOf(accounts.bank())).toBeNull();
  });

  it('refuses a builder call with an impossible year', () => {
    expect(() => accounts.advance('GM0363', 'S', 26)).toThrow(RangeError);
  });

  it('answers a parsed address again from its cache, unchanged and frozen; a refused one is refused every time (decision 1950)', () => {
    const address = accounts.advance('GM0014', 'SPUK-WI2021', 2031);
    const first = parseAccount(address, 'a');
    const again = parseAccount(address, 'b');
    expect(again).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(first).toEqual({
      address,
      template: 'municipality:advance',
      kind: 'ASSET',
      normalSide: 'DEBIT',
      municipalityCode: 'GM0014',
      schemeCode: 'SPUK-WI2021',
      year: 2031,
    });
    for (let i = 0; i < 2; i += 1) {
      expect(() => parseAccount('municipality:GM0014:advance:SPUK-WI2021', 'input.postings[1].account')).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.postings[1].account' }) }),
      );
    }
  });
});
