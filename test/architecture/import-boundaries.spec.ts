import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { getMetadataArgsStorage } from 'typeorm';
import { getMetadataStorage } from 'type-graphql';
import { listFiles } from '../helpers/table-ownership';

/*
 * The nevers of issue 21 as checks (decision 1400): the lint rules bite on planted files, pure
 * files stay pure through every import they reach, and a module's index exports no resolver and no
 * entity (those are registered in src/modules/index.ts and src/entities.ts).
 */

const root = path.resolve(__dirname, '../..');

interface Planted {
  filePath: string;
  code: string;
}
interface Linted {
  filePath: string;
  messages: { line: number; ruleId: string | null; message: string }[];
}

function lintPlanted(files: Planted[]): Linted[] {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'lint-planted.mjs')], {
    cwd: root,
    input: JSON.stringify(files),
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out) as Linted[];
}

const restricted = (l: Linted | undefined) => (l?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.line);

describe('npm run lint refuses a planted import across the boundaries', () => {
  let results: Linted[];
  beforeAll(() => {
    results = lintPlanted([
      {
        filePath: 'src/modules/allocations/planted.calculator.ts',
        code: [
          "import { DataSource } from 'typeorm';",
          "import { Pool } from 'pg';",
          "import { aggregateYearly } from '../counts';",
          "import { settlementAmount } from '../settlements/settlement.calculator';",
          "import { runAllocation } from './allocation-run.service';",
          "import type { RequestContext } from '../../context';",
          "import { percentChange } from './allocation.calculator';",
          "import { aggregateYearly as pure } from '../counts/pure';",
          'export const planted = [DataSource, Pool, aggregateYearly, settlementAmount, runAllocation, percentChange, pure];',
          'export type Planted = RequestContext;',
        ].join('\n'),
      },
      {
        filePath: 'src/modules/advances/planted.service.ts',
        code: [
          "import { SettlementEntity } from '../settlements/settlement.entity';",
          "import { applyOffsets } from '../settlements/settlement.calculator';",
          "import { draftSettlement } from '../settlements';",
          "import { aggregateYearly } from '../counts/pure';",
          "import { DataSource } from 'typeorm';",
          'export const planted = [SettlementEntity, applyOffsets, draftSettlement, aggregateYearly, DataSource];',
        ].join('\n'),
      },
      {
        filePath: 'src/cli/planted.ts',
        code: [
          "import { runLedgerChecks } from '../modules/ledger/ledger.checks';",
          "import { verifyJournal } from '../modules/ledger';",
          'export const planted = [runLedgerChecks, verifyJournal];',
        ].join('\n'),
      },
      {
        filePath: 'src/common/money/planted.ts',
        code: ["import { accounts } from '../../modules/ledger';", 'export const planted = [accounts];'].join('\n'),
      },
    ]);
  });

  it('refuses the ORM, the driver, another index, a deep import, a service and the request context in a calculator', () => {
    expect(restricted(results[0])).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("refuses another module's entity or internals in a service, and allows its index, its pure.ts and typeorm", () => {
    expect(restricted(results[1])).toEqual([1, 2]);
  });

  it('refuses a deep import into a module from the command-line tools, and allows the index', () => {
    expect(restricted(results[2])).toEqual([1]);
  });

  it('refuses any domain module in the shared plumbing', () => {
    expect(restricted(results[3])).toEqual([1]);
  });
});

/** Relative imports of a TypeScript file, resolved to files; bare imports as package names. Type-only imports load nothing. */
function importsOf(file: string): { files: string[]; packages: string[] } {
  const text = fs.readFileSync(file, 'utf8');
  const files: string[] = [];
  const packages: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s(?!type\s)[^;]*?from\s+'([^']+)'|^import\s+'([^']+)'/gms)) {
    const spec = m[1] ?? m[2] ?? '';
    if (spec.startsWith('.')) {
      const base = path.resolve(path.dirname(file), spec);
      const found = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
      if (found === undefined) {
        throw new Error(`${file}: cannot resolve ${spec}`);
      }
      files.push(found);
    } else {
      packages.push(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec));
    }
  }
  return { files, packages };
}

function closure(start: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>([start]);
  const packages = new Set<string>();
  const queue = [start];
  for (let f = queue.shift(); f !== undefined; f = queue.shift()) {
    const { files: next, packages: pkgs } = importsOf(f);
    pkgs.forEach((p) => packages.add(p));
    for (const n of next) {
      if (!files.has(n)) {
        files.add(n);
        queue.push(n);
      }
    }
  }
  return { files, packages };
}

describe('pure files stay pure through everything they load', () => {
  // Calculators, rules, pure faces, and the booking builders that declare themselves pure.
  const pureFiles = listFiles(path.join(root, 'src/modules'), (f) =>
    /\.(calculator|rules)\.ts$|\/pure\.ts$|\/advance\.booking\.ts$/.test(f),
  );
  const IMPURE_PACKAGES = [
    'typeorm',
    'pg',
    'pg-copy-streams',
    '@electric-sql/pglite',
    '@electric-sql/pglite-socket',
    'csv-parse',
    'express',
    'type-graphql',
  ];
  const IMPURE_FILES = /\.(service|queries|entity|resolver|routes|job|writer|commands)\.ts$|\/index\.ts$|\/context\.ts$|\/common\/db\//;

  it('finds the calculators', () => {
    expect(pureFiles.map((f) => path.relative(root, f))).toEqual(
      expect.arrayContaining([
        'src/modules/allocations/allocation.calculator.ts',
        'src/modules/counts/pure.ts',
        'src/modules/advances/advance.calculator.ts',
        'src/modules/advances/advance.booking.ts',
      ]),
    );
  });

  it.each(pureFiles.map((f) => [path.relative(root, f), f]))('%s loads no database, ORM, service or index', (_rel, file) => {
    const { files, packages } = closure(file);
    expect([...packages].filter((p) => IMPURE_PACKAGES.includes(p))).toEqual([]);
    expect([...files].map((f) => path.relative(root, f)).filter((f) => IMPURE_FILES.test(`/${f}`))).toEqual([]);
  });

  it('allocation.calculator.ts loads a handful of files, not the counts module (33 with itself before issue 21)', () => {
    const { files } = closure(path.join(root, 'src/modules/allocations/allocation.calculator.ts'));
    expect([...files].filter((f) => f.includes('/modules/counts/')).map((f) => path.relative(root, f))).toEqual([
      'src/modules/counts/pure.ts',
      'src/modules/counts/count.calculator.ts',
    ]);
    expect(files.size).toBeLessThan(12);
  });
});

describe("a module's index is its public face: services and GraphQL types, no resolvers, no entities", () => {
  const indexes = listFiles(
    path.join(root, 'src/modules'),
    (f) => f.endsWith('/index.ts') && path.dirname(f) !== path.join(root, 'src/modules'),
  );
  // Load every module (and so every entity and resolver) before reading the metadata.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../../src/modules');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../../src/entities');

  it.each(indexes.map((f) => [path.relative(root, f), f]))('%s', (_rel, file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = require(file) as Record<string, unknown>;
    const entityTargets = new Set(getMetadataArgsStorage().tables.map((t) => t.target));
    const resolverTargets = new Set(getMetadataStorage().resolverClasses.map((r) => r.target));
    const offending = Object.entries(exported)
      .filter(([, v]) => entityTargets.has(v as Function) || resolverTargets.has(v as Function))
      .map(([k]) => k);
    expect(offending).toEqual([]);
  });
});
