import { createTestApp, type TestApp } from '../helpers/test-app';
import { attributeYear, importPersonEvents } from '../../src/modules/people';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const at = '2027-12-31T12:00:00Z';

describe('DOMAIN.md worked example "Attribution in 2027"', () => {
  beforeAll(async () => {
    await importPersonEvents(t.ctx(), {
      batchKey: 'worked-example',
      events: [
        {
          eventId: 'we-1',
          personId: 'p-worked-1',
          type: 'OBLIGATION_STARTED',
          date: '2027-03-10',
          category: 'ASIELSTATUSHOUDER',
          source: 'COA',
          sourceRecordedAt: at,
        },
        {
          eventId: 'we-2',
          personId: 'p-worked-1',
          type: 'HOUSED',
          date: '2027-05-01',
          municipalityCode: 'GM0363',
          source: 'COA',
          sourceRecordedAt: at,
        },
        {
          eventId: 'we-3',
          personId: 'p-worked-1',
          type: 'MOVED',
          date: '2027-09-01',
          fromCode: 'GM0363',
          toCode: 'GM0344',
          source: 'BRP',
          sourceRecordedAt: at,
        },
      ],
    });
  });

  const values = async (rule: string) => {
    const { rows } = await attributeYear(t.ctx(), { year: 2027, rule });
    return Object.fromEntries(rows.map((r) => [r.municipalityCode, r.value]));
  };

  it('PEILDATUM: GM0344 1', async () => {
    expect(await values('PEILDATUM')).toEqual({ GM0344: '1.000000' });
  });
  it('PRO_RATA_DAYS: GM0363 123/365, GM0344 122/365', async () => {
    expect(await values('PRO_RATA_DAYS')).toEqual({ GM0363: '0.336986', GM0344: '0.334247' });
  });
  it('FIRST_OF_MONTH: 4/12 each', async () => {
    expect(await values('FIRST_OF_MONTH')).toEqual({ GM0363: '0.333333', GM0344: '0.333333' });
  });
  it('FIRST_MUNICIPALITY: GM0363 245/365', async () => {
    expect(await values('FIRST_MUNICIPALITY')).toEqual({ GM0363: '0.671233' });
  });
});
