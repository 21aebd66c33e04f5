import i18next from 'i18next';
import nl from '../../console/src/i18n/nl.json';
import en from '../../console/src/i18n/en.json';
import { allocationSteps, settlementSteps, type AllocationExplanationFigures } from '../../console/src/explain';
import { setFormatLocale } from '../../console/src/format';

async function translator(lng: 'nl' | 'en') {
  const instance = i18next.createInstance();
  await instance.init({
    resources: { nl: { translation: nl }, en: { translation: en } },
    lng,
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  setFormatLocale(lng);
  return instance.t;
}

const closed: AllocationExplanationFigures = {
  decisionNumber: 'UITV-WI2021-2026-V1-GM0363',
  amount: '1234567.89',
  baseAmount: '25000.00',
  weight: '5485000.000000',
  totalWeight: '410120000.500000',
  exactShare: '1234567.891234',
  adjustment: '-0.001234',
  budget: '92000000.00',
  budgetMode: 'CLOSED',
  terms: [
    {
      category: 'ASIELSTATUSHOUDER',
      route: 'B1',
      count: '1092.000000',
      rate: '5000.00',
      rateValidFrom: '2026-01-01',
      product: '5460000.000000',
    },
  ],
};

describe('console explanations, composed from the API’s figures in the interface language', () => {
  afterAll(() => setFormatLocale('nl'));

  it('an allocation, step by step, in Dutch notation with every decimal the API sent', async () => {
    const t = await translator('nl');
    expect(allocationSteps(t, closed)).toEqual([
      'Asielstatushouders (B1-route): aantal 1.092 × normbedrag 5.000,00 (geldig vanaf 1 januari 2026) = 5.460.000,000000',
      'vaste voet = 25.000,00',
      'gewicht = 5.460.000,000000 + 25.000,00 = 5.485.000,000000',
      'exact aandeel = gewicht 5.485.000,000000 / totaal gewicht 410.120.000,500000 × macrobudget 92.000.000,00 = 1.234.567,891234',
      'afgerond op centen met de methode van de grootste overschotten: correctie -0,001234',
      'bedrag = 1.234.567,89 (beschikking UITV-WI2021-2026-V1-GM0363)',
    ]);
  });

  it('an open-ended allocation in whole euros, in English', async () => {
    const t = await translator('en');
    const steps = allocationSteps(t, {
      ...closed,
      budgetMode: 'OPEN_ENDED',
      amount: '5485000',
      adjustment: '0.000000',
      exactShare: '5485000.000000',
    });
    expect(steps.slice(-3)).toEqual([
      'open-ended: exact share = weight = 5,485,000.000000',
      'rounded once to whole euros (half away from zero): adjustment 0.000000',
      'amount = 5,485,000 (decision UITV-WI2021-2026-V1-GM0363)',
    ]);
  });

  it('a settlement line: on spending, a recovery, through a successor', async () => {
    const t = await translator('nl');
    expect(
      settlementSteps(t, {
        municipalityCode: 'GM0001',
        payeeCode: 'GM0002',
        status: 'SETTLED',
        countBased: '1000000.00',
        acceptedSpending: '900000.00',
        finalEntitlement: '900000.00',
        paid: '950000.00',
        amount: '-50000.00',
      }),
    ).toEqual([
      'toekenning op basis van aantallen (definitieve verdeelberekening) 1.000.000,00',
      'vaststelling op bestedingen: E(vastgesteld) = min(1.000.000,00; goedgekeurde subsidiabele bestedingen 900.000,00) = 900.000,00',
      'S = E(vastgesteld) 900.000,00 − betaalde termijnen 950.000,00 = -50.000,00 (terugvordering)',
      'GM0001 is inmiddels heringedeeld: verrekend via rechtsopvolger GM0002, samen met diens eigen regels',
    ]);
  });

  it('a settlement line that waits for its report stops there', async () => {
    const t = await translator('nl');
    expect(
      settlementSteps(t, {
        municipalityCode: 'GM0001',
        payeeCode: 'GM0001',
        status: 'AWAITING_REPORT',
        countBased: '10.00',
        acceptedSpending: null,
        finalEntitlement: null,
        paid: '0.00',
        amount: null,
      }),
    ).toEqual([
      'toekenning op basis van aantallen (definitieve verdeelberekening) 10,00',
      'nog geen goedgekeurde verantwoording: deze regel kan pas worden vastgesteld als de gemeente heeft verantwoord',
    ]);
  });
});
