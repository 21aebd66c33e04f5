import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getMetadataArgsStorage } from 'typeorm';
import { entities } from '../../src/entities';
import { crossModuleTableUses, tableOwners, tablesNamedIn } from '../helpers/table-ownership';

/*
 * A module's tables are its own: raw SQL in one module names no table another module owns
 * (issue 21, decision 1400). Owners come from the TypeORM entity metadata (where each entity class
 * is declared), so a new module's tables are covered the moment its entities are registered.
 */

const root = path.resolve(__dirname, '../..');

describe('table ownership', () => {
  const owners = tableOwners(root);

  it('gives every registered entity an owning module', () => {
    const registered = getMetadataArgsStorage()
      .tables.filter((t) => entities.includes(t.target as (typeof entities)[number]))
      .map((t) => t.name);
    expect(registered.length).toBe(entities.length);
    expect(registered.filter((name) => name === undefined || !owners.has(name))).toEqual([]);
    expect(owners.get('ledger_accounts')).toBe('ledger');
    expect(owners.get('municipalities')).toBe('municipalities');
    expect(owners.get('tranche_payments')).toBe('advances');
    expect(owners.get('settlement_recoveries')).toBe('settlements');
  });

  it("finds no raw SQL in one module that names another module's table", () => {
    expect(crossModuleTableUses(root, owners).map((u) => `${u.file}:${u.line} ${u.module} reads ${u.table} (${u.owner})`)).toEqual([]);
  });

  describe('bites on a planted cross-module read', () => {
    let planted: string;
    beforeAll(() => {
      planted = fs.mkdtempSync(path.join(os.tmpdir(), 'ownership-'));
      fs.mkdirSync(path.join(planted, 'src/modules/people'), { recursive: true });
      fs.writeFileSync(
        path.join(planted, 'src/modules/people/planted.service.ts'),
        [
          'export async function planted(em: any, ids: string[], table: string) {',
          "  await em.query('SELECT code FROM municipalities WHERE code = ANY($1)', [ids]);",
          '  await em.query(`SELECT a.address FROM journal_postings p',
          '    JOIN "ledger_accounts" a ON a.id = p.account_id WHERE p.id = ${ids[0]} AND t = ${table}`);',
          "  await em.createQueryBuilder().select('s.id').from('settlements', 's').getMany();",
          "  await em.query('SELECT * FROM person_events');",
          "  return 'move from municipalities to the next';",
          '}',
        ].join('\n'),
      );
    });
    afterAll(() => fs.rmSync(planted, { recursive: true, force: true }));

    it('names each foreign table with its file, line and owner, and leaves own tables and prose alone', () => {
      expect(crossModuleTableUses(planted, owners).map((u) => `${u.file}:${u.line} ${u.table} (${u.owner})`)).toEqual([
        'src/modules/people/planted.service.ts:2 municipalities (municipalities)',
        'src/modules/people/planted.service.ts:3 journal_postings (ledger)',
        'src/modules/people/planted.service.ts:3 ledger_accounts (ledger)',
        'src/modules/people/planted.service.ts:5 settlements (settlements)',
      ]);
    });
  });

  it('reads table names from SQL keywords in any case, with schema and quotes', () => {
    const known = new Set(['counts', 'ledger_accounts']);
    const uses = tablesNamedIn('x.ts', 'const q = `insert into public.counts (a) select 1 from ONLY "ledger_accounts"`;', known);
    expect(uses.map((u) => u.table)).toEqual(['counts', 'ledger_accounts']);
  });
});
