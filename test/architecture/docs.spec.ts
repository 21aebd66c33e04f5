import fs from 'node:fs';
import path from 'node:path';

/*
 * docs/ARCHITECTURE.md is a map a newcomer trusts in one step (issue 21 item 5): every file it names
 * exists, and every decision record is in the index with a status.
 */

const root = path.resolve(__dirname, '../..');
const read = (rel: string) => fs.readFileSync(path.join(root, rel), 'utf8');

describe('docs/ARCHITECTURE.md', () => {
  const text = read('docs/ARCHITECTURE.md');
  const named = [
    ...new Set(
      [...text.matchAll(/`((?:src|test|migrations|scripts|console|docs)\/[A-Za-z0-9_./-]+\.(?:ts|tsx|js|mjs|md))`/g)].map(
        (m) => m[1] ?? '',
      ),
    ),
  ];

  it('names the files of the request path and of each "where is" question', () => {
    expect(named).toEqual(
      expect.arrayContaining([
        'src/common/graphql/jit-executor.ts',
        'src/common/auth/scope.ts',
        'src/entities.ts',
        'migrations/index.ts',
        'src/modules/index.ts',
        'src/modules/http-routes.ts',
      ]),
    );
  });

  it('names only files that exist', () => {
    expect(named.filter((f) => !fs.existsSync(path.join(root, f)))).toEqual([]);
  });
});

describe('docs/decisions/README.md', () => {
  const index = read('docs/decisions/README.md');
  const records = fs.readdirSync(path.join(root, 'docs/decisions')).filter((f) => /^\d{4}-.+\.md$/.test(f));

  it('lists every decision record with a status', () => {
    const missing = records.filter(
      (f) =>
        !new RegExp(`\\| \\[${f.slice(0, 4)}\\]\\(${f.replace('.', '\\.')}\\) \\|[^\\n]*\\| (accepted|superseded by [^|]+) \\|`).test(
          index,
        ),
    );
    expect(missing).toEqual([]);
  });

  it('marks a superseded record superseded in the record itself too', () => {
    const superseded = [...index.matchAll(/\| \[(\d{4})\]\(([^)]+)\) \|[^\n]*\| superseded by /g)].map((m) => m[2] ?? '');
    expect(superseded).toEqual(expect.arrayContaining(['0209-ledger-port.md', '0502-reading-advance-and-settlement-records.md']));
    expect(superseded.filter((f) => !/Status: superseded by/.test(read(`docs/decisions/${f}`)))).toEqual([]);
  });
});
