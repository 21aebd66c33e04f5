import 'reflect-metadata';
import { validate } from 'class-validator';
import { Int, getMetadataStorage } from 'type-graphql';
import { getSchema } from '../../schema';

/**
 * Every input of the API validates its dates, municipality codes, scheme codes and years with the
 * shared rules (issue 20 item 5), before any work: this walks every input type and argument class
 * of the built schema, recognises those fields by name, and tries a bad and a good value on each
 * with class-validator as type-graphql runs it. A new input field with such a name and without its
 * rule fails here.
 *
 * Two input types validate their fields per line on purpose (a batch reports every bad line with
 * its number instead of refusing the request unnamed, decisions 0308 and 0701): their dates and
 * codes go through the same checkers in the services, and the bad-input table covers them.
 */
const PER_LINE = new Set(['CountRowInput', 'PersonEventInput']);

type Kind = 'date' | 'municipality' | 'municipalities' | 'scheme' | 'year';

const DATE_NAMES = /^(date|asOf|from|to|validFrom|periodStart|periodEnd|dueUpTo|existingOn|accountabilityDeadline)$|Date$/;

function kindOf(owner: string, name: string, type: unknown, list: boolean): Kind | null {
  if (type === String && !list && DATE_NAMES.test(name)) {
    return 'date';
  }
  if (type === String && /^(municipalityCode|successorCode)$/.test(name)) {
    return list ? 'municipalities' : 'municipality';
  }
  if (type === String && list && /^(municipalityCodes|dissolvedCodes|codes)$/.test(name)) {
    return 'municipalities';
  }
  if (type === String && !list && (name === 'schemeCode' || (name === 'code' && /Scheme/.test(owner)))) {
    return 'scheme';
  }
  if ((type === Int || type === Number) && name === 'year') {
    return 'year';
  }
  return null;
}

const BAD: Record<Kind, unknown[]> = {
  date: ['', '0000-01-01', '2026-02-30', '2026-1-1', '2026-01-01T00:00:00Z'],
  municipality: ['', 'GM36', 'gm0363', "GM0363'; --"],
  municipalities: [[''], ['GM0363', 'GM36']],
  scheme: ['', 'spuk', 'A', 'X'.repeat(40)],
  year: [0, 1999, 2101, 99999],
};
const GOOD: Record<Kind, unknown> = {
  date: '2026-07-15',
  municipality: 'GM0363',
  municipalities: ['GM0363', 'GM0344'],
  scheme: 'SPUK-WI2021',
  year: 2026,
};

/** The validation errors of one property when only it is set, as type-graphql validates. */
async function problemsOf(target: new () => object, field: string, value: unknown): Promise<string[]> {
  const instance = Object.assign(Object.create(target.prototype) as object, { [field]: value });
  const errors = await validate(instance, { skipMissingProperties: true, forbidUnknownValues: false });
  return errors.filter((e) => e.property === field).flatMap((e) => Object.values(e.constraints ?? {}));
}

describe('shared input rules on every input of the schema', () => {
  const checked: { owner: string; field: string; kind: Kind; target: new () => object }[] = [];

  beforeAll(async () => {
    await getSchema();
    const storage = getMetadataStorage();
    for (const meta of [...storage.inputTypes, ...storage.argumentTypes]) {
      if (PER_LINE.has(meta.name)) {
        continue;
      }
      // Fields of an input class include those it inherits (ReportContentInput → CreateReportDraftInput).
      const fields = storage.fields.filter((f) => f.target === meta.target || meta.target.prototype instanceof f.target);
      for (const field of fields) {
        const kind = kindOf(meta.name, field.name, field.getType(), field.typeOptions.array === true);
        if (kind !== null) {
          checked.push({ owner: meta.name, field: field.name, kind, target: meta.target as new () => object });
        }
      }
    }
  });

  it('finds the fields it checks', () => {
    const byKind = (k: Kind) => checked.filter((c) => c.kind === k).length;
    expect(byKind('date')).toBeGreaterThanOrEqual(15);
    expect(byKind('municipality') + byKind('municipalities')).toBeGreaterThanOrEqual(15);
    expect(byKind('scheme')).toBeGreaterThanOrEqual(15);
    expect(byKind('year')).toBeGreaterThanOrEqual(15);
  });

  it('refuses a malformed value in every such field, with a message, and accepts a good one', async () => {
    const failures: string[] = [];
    for (const { owner, field, kind, target } of checked) {
      for (const value of BAD[kind]) {
        const problems = await problemsOf(target, field, value);
        if (problems.length === 0) {
          failures.push(`${owner}.${field} (${kind}) accepts ${JSON.stringify(value)}`);
        }
      }
      const good = await problemsOf(target, field, GOOD[kind]);
      if (good.length > 0) {
        failures.push(`${owner}.${field} (${kind}) refuses ${JSON.stringify(GOOD[kind])}: ${good.join('; ')}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('names the expected format in the message', async () => {
    const date = checked.find((c) => c.kind === 'date')!;
    expect(await problemsOf(date.target, date.field, '')).toEqual([
      '"" is not a date written YYYY-MM-DD from 1900-01-01 to 2999-12-31, such as "2026-07-15"',
    ]);
    const code = checked.find((c) => c.kind === 'municipality')!;
    expect(await problemsOf(code.target, code.field, '')).toEqual([
      'expected a municipality code, GM and 4 digits such as "GM0363"; got ""',
    ]);
  });
});
