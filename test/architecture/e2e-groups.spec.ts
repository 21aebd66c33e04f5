import fs from 'node:fs';
import path from 'node:path';
import { E2E_DIR, E2E_GROUPS, partFileName, runnerFileName } from '../helpers/e2e-groups';

/*
 * The e2e parts run only through their group's runner (test/helpers/e2e-groups.ts, decision 2090):
 * jest matches `*.e2e-spec.ts`, not `*.e2e-part.ts`. So a part left out of every group, or a group
 * without its runner, would silently never run. This checks the two lists against the directory.
 */
describe('e2e groups: every part runs, once', () => {
  const files = fs.readdirSync(E2E_DIR);
  const groups = Object.entries(E2E_GROUPS) as [string, readonly string[]][];
  const listed = groups.flatMap(([, parts]) => parts);

  it('lists every *.e2e-part.ts file in exactly one group, and no part that is not a file', () => {
    const parts = files.filter((f) => f.endsWith('.e2e-part.ts')).sort();
    expect(parts.length).toBeGreaterThan(50);
    expect(listed.map(partFileName).sort()).toEqual(parts);
    expect(listed.filter((part, i) => listed.indexOf(part) !== i)).toEqual([]);
  });

  it('gives every group a runner that runs that group, and no runner to a group that does not exist', () => {
    for (const [group] of groups) {
      const runner = path.join(E2E_DIR, runnerFileName(group));
      expect([group, fs.existsSync(runner)]).toEqual([group, true]);
      const calls = [...fs.readFileSync(runner, 'utf8').matchAll(/runGroup\('([^']+)'\)/g)].map((m) => m[1]);
      expect([group, calls]).toEqual([group, [group]]);
    }
    const runners = files.filter((f) => fs.readFileSync(path.join(E2E_DIR, f), 'utf8').includes('runGroup('));
    expect(runners.sort()).toEqual(groups.map(([group]) => runnerFileName(group)).sort());
  });

  it('keeps the server safety net per file and per part (test/helpers/server-process.ts)', () => {
    // server-process.ts registers its afterAll when first loaded. Loaded by a part, inside that
    // part's describe, it would stop servers and release its kill-on-exit hooks after the first
    // part that loads it; so the groups' helper loads it at the runner's top level and stops what
    // each part left running after that part.
    const helper = fs.readFileSync(path.resolve(__dirname, '../helpers/e2e-groups.ts'), 'utf8');
    expect(helper).toMatch(/^import \{ stopAllServerProcesses \} from '\.\/server-process';$/m);
    const runGroup = helper.slice(helper.indexOf('export function runGroup'));
    expect(runGroup.indexOf('afterAll(() => stopAllServerProcesses())')).toBeGreaterThan(runGroup.indexOf('require(path.join'));
  });

  it('names no group like a part, so a runner is never mistaken for a part of the same name', () => {
    expect(groups.map(([group]) => group).filter((group) => listed.includes(group))).toEqual([]);
  });
});
