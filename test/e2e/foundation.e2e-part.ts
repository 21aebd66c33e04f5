import { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { createTestApp, codes, TEST_SECRET, type TestApp } from '../helpers/test-app';
import { runCommand } from '../../src/common/db/run-command';
import { Role } from '../../src/common/auth/actor';

let t: TestApp;
let baseUrl: string;

beforeAll(async () => {
  t = await createTestApp();
  await new Promise<void>((resolve) => t.app.httpServer.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(t.app.httpServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await t.close();
});

async function post(query: string, token?: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: res.status,
    body: (await res.json()) as { data?: Record<string, unknown>; errors?: { extensions?: { code?: string } }[] },
    headers: res.headers,
  };
}

describe('municipalities from the fixtures', () => {
  it('loads all 342 municipalities with their neighbours', async () => {
    const data = await t.ok<{ municipalities: { totalCount: number }; municipality: { name: string; neighbours: string[] } }>(
      `{ municipalities(first: 1) { totalCount } municipality(code: "GM0363") { name neighbours } }`,
    );
    expect(data.municipalities.totalCount).toBe(342);
    expect(data.municipality.name).toBe('Amsterdam');
    expect(data.municipality.neighbours).toContain('GM0362');
  });

  it('pages through every municipality with cursors, in code order, without gaps', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i += 1) {
      const data: {
        municipalities: { edges: { node: { code: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
      } = await t.ok(
        `query($after: String) { municipalities(first: 100, after: $after) { edges { node { code } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      seen.push(...data.municipalities.edges.map((e) => e.node.code));
      if (!data.municipalities.pageInfo.hasNextPage) {
        break;
      }
      after = data.municipalities.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(342);
    expect([...seen].sort()).toEqual(seen);
    expect(new Set(seen).size).toBe(342);
  });

  it('filters by province and search text', async () => {
    const data = await t.ok<{ municipalities: { edges: { node: { code: string; name: string } }[] } }>(
      `{ municipalities(first: 50, filter: { provinceCode: "PV27", search: "amster" }) { edges { node { code name } } } }`,
    );
    expect(data.municipalities.edges.map((e) => e.node.code)).toEqual(['GM0363']);
  });

  it('refuses a forged cursor and a page size over the limit', async () => {
    expect(codes(await t.gql(`{ municipalities(first: 5, after: "!!") { totalCount } }`))).toEqual(['BAD_USER_INPUT']);
    const r = await t.gql(`{ municipalities(first: 501) { totalCount } }`);
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors?.[0]?.message).toMatch(/first/);
  });

  it('registers a merger on 1 January: the dissolved municipalities end the day before', async () => {
    const data = await t.ok<{ registerMerger: { dissolvedCode: string; successorCode: string; effectiveDate: string }[] }>(
      `mutation { registerMerger(input: { dissolvedCodes: ["GM0059"], successorCode: "GM0090", effectiveDate: "2027-01-01" }) { dissolvedCode successorCode effectiveDate } }`,
    );
    expect(data.registerMerger).toEqual([{ dissolvedCode: 'GM0059', successorCode: 'GM0090', effectiveDate: '2027-01-01' }]);
    const m = await t.ok<{ municipality: { validUntil: string; successorCode: string } }>(
      `{ municipality(code: "GM0059") { validUntil successorCode } }`,
    );
    expect(m.municipality).toEqual({ validUntil: '2026-12-31', successorCode: 'GM0090' });
    const existing = await t.ok<{ a: { totalCount: number }; b: { totalCount: number } }>(
      `{ a: municipalities(first: 1, filter: { existingOn: "2026-12-31" }) { totalCount } b: municipalities(first: 1, filter: { existingOn: "2027-01-01" }) { totalCount } }`,
    );
    expect(existing.a.totalCount).toBe(342);
    expect(existing.b.totalCount).toBe(341);
    const again = await t.gql(
      `mutation { registerMerger(input: { dissolvedCodes: ["GM0059"], successorCode: "GM0090", effectiveDate: "2027-01-01" }) { dissolvedCode } }`,
    );
    expect(codes(again)).toEqual(['CONFLICT']);
    const notJanuary = await t.gql(
      `mutation { registerMerger(input: { dissolvedCodes: ["GM0060"], successorCode: "GM0090", effectiveDate: "2027-03-01" }) { dissolvedCode } }`,
    );
    expect(codes(notJanuary)).toEqual(['BAD_USER_INPUT']);
    expect(notJanuary.errors?.[0]?.extensions?.field).toBe('input.effectiveDate');
  });
});

describe('authentication', () => {
  const q = '{ viewer { subject role municipalityCode } }';

  it('accepts a valid token and says who it is', async () => {
    const r = await post(q, await t.tokens.controller('GM0344'));
    expect(r.body.data?.viewer).toEqual({ subject: 'ctl-GM0344', role: 'MUNICIPAL_CONTROLLER', municipalityCode: 'GM0344' });
  });

  it.each([
    ['no token', async () => undefined],
    ['a malformed header value', async () => 'not-a-jwt'],
    ['a bad signature', async () => `${t.tokens.finance.slice(0, -4)}AAAA`],
    [
      'an expired token',
      async () =>
        new SignJWT({ role: 'FINANCE_OFFICER' })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('x')
          .setIssuedAt(1_600_000_000)
          .setExpirationTime(1_600_000_100)
          .sign(new TextEncoder().encode(TEST_SECRET)),
    ],
    [
      'alg none',
      async () => {
        const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        return `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ sub: 'x', role: 'FINANCE_OFFICER', exp: 4_000_000_000 })}.`;
      },
    ],
    [
      'another secret',
      async () =>
        new SignJWT({ role: 'FINANCE_OFFICER' })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('x')
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode('x'.repeat(40))),
    ],
    [
      'an unknown role',
      async () =>
        new SignJWT({ role: 'ADMIN' })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('x')
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(TEST_SECRET)),
    ],
    [
      'a controller without municipality',
      async () =>
        new SignJWT({ role: 'MUNICIPAL_CONTROLLER' })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('x')
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(TEST_SECRET)),
    ],
  ])('refuses %s with UNAUTHENTICATED', async (_name, token) => {
    const r = await post(q, await token());
    expect(r.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(r.body.data?.viewer ?? null).toBeNull();
  });

  it('gives FORBIDDEN (not UNAUTHENTICATED) for the wrong role', async () => {
    const r = await post(
      `mutation { registerMerger(input: { dissolvedCodes: ["GM0060"], successorCode: "GM0090", effectiveDate: "2028-01-01" }) { dissolvedCode } }`,
      t.tokens.auditor,
    );
    expect(r.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});

describe('controller scoping', () => {
  it.each([
    ['municipality(code)', '{ municipality(code: "GM0344") { code } }'],
    ['municipalities(filter.codes)', '{ municipalities(first: 5, filter: { codes: ["GM0344"] }) { edges { node { code } } } }'],
    [
      'municipalities(filter.codes) mixing own and other',
      '{ municipalities(first: 5, filter: { codes: ["GM0363", "GM0344"] }) { edges { node { code } } } }',
    ],
    ['an alias of municipality', '{ mine: municipality(code: "GM0363") { code } other: municipality(code: "GM0344") { code } }'],
  ])('refuses another municipality through %s, and records the refusal', async (_name, query) => {
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE outcome LIKE '%FORBIDDEN%'`);
    const r = await t.gql(query, {}, await t.tokens.controller('GM0363'));
    expect(codes(r)).toContain('FORBIDDEN');
    expect(JSON.stringify(r.data ?? {})).not.toContain('GM0344');
    const after = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE outcome LIKE '%FORBIDDEN%'`);
    expect(after[0].n).toBe(before[0].n + 1);
  });

  it('lists only its own municipality when asking for all', async () => {
    const data = await t.ok<{ municipalities: { totalCount: number; edges: { node: { code: string } }[] } }>(
      '{ municipalities(first: 500) { totalCount edges { node { code } } } }',
      {},
      await t.tokens.controller('GM0363'),
    );
    expect(data.municipalities.totalCount).toBe(1);
    expect(data.municipalities.edges.map((e) => e.node.code)).toEqual(['GM0363']);
  });
});

describe('audit trail', () => {
  it('records every mutation with who, role, arguments and outcome, and refuses changes', async () => {
    await t.gql(`mutation M($i: RegisterMergerInput!) { registerMerger(input: $i) { dissolvedCode } }`, {
      i: { dissolvedCodes: ['GM0080'], successorCode: 'GM0090', effectiveDate: '2029-02-01' },
    });
    const rows = await t.dataSource.query(
      `SELECT subject, role, operation_name, fields, arguments, outcome FROM audit_log WHERE operation_name = 'M' ORDER BY id DESC LIMIT 1`,
    );
    expect(rows[0]).toMatchObject({ subject: 'fo-1', role: 'FINANCE_OFFICER', fields: ['registerMerger'], outcome: 'BAD_USER_INPUT' });
    expect(rows[0].arguments.i.dissolvedCodes).toEqual(['GM0080']);
    await expect(t.dataSource.query(`UPDATE audit_log SET outcome = 'OK'`)).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    const listed = await t.ok<{ auditLog: { totalCount: number } }>('{ auditLog(first: 5) { totalCount } }', {}, t.tokens.auditor);
    expect(listed.auditLog.totalCount).toBeGreaterThan(0);
    expect(codes(await t.gql('{ auditLog(first: 5) { totalCount } }', {}, await t.tokens.controller('GM0363')))).toEqual(['FORBIDDEN']);
  });
});

describe('operations', () => {
  it('answers /healthz and /readyz, and echoes a request id', async () => {
    const health = await fetch(`${baseUrl}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${baseUrl}/readyz`, { headers: { 'x-request-id': 'req-123' } });
    expect(ready.status).toBe(200);
    expect(ready.headers.get('x-request-id')).toBe('req-123');
    expect(await ready.json()).toMatchObject({ status: 'ready' });
  });

  it('refuses over-deep and over-complex queries', async () => {
    const deep = `{ viewer { ${'role '.repeat(1)} } ${'a: municipalities(first: 1) { edges { node { code } } } '} }`;
    expect((await t.gql(deep)).errors).toBeUndefined();
    let nested = 'code';
    for (let i = 0; i < 12; i += 1) {
      nested = `edges { node { ${nested} } }`;
    }
    // Depth is counted on the document, so an impossible shape is refused before execution.
    const r = await t.gql(`{ municipalities(first: 1) { ${nested} } }`);
    expect(codes(r)[0]).toBe('BAD_USER_INPUT');
    const complex = Array.from(
      { length: 60 },
      (_, i) => `m${i}: municipalities(first: 500) { edges { node { code name neighbours } } }`,
    ).join(' ');
    const c = await t.gql(`{ ${complex} }`);
    expect(codes(c)).toEqual(['BAD_USER_INPUT']);
    expect(c.errors?.[0]?.message).toMatch(/too complex/);
  });

  it('hides unexpected errors behind INTERNAL_SERVER_ERROR with a request id', async () => {
    const r = await post('{ municipality(code: "GM0363") { code } }', t.tokens.finance);
    expect(r.status).toBe(200);
    const ctx = t.ctx();
    await expect(
      runCommand(ctx, async (tx) => {
        await tx.em.query('SELECT * FROM no_such_table');
      }),
    ).rejects.toThrow(/no_such_table/);
  });
});

describe('runCommand', () => {
  it('re-runs the work in a fresh transaction after a real serialization failure', async () => {
    await t.dataSource.query(`CREATE TABLE IF NOT EXISTS retry_probe (id int primary key, n int not null)`);
    await t.dataSource.query(`INSERT INTO retry_probe VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET n = 0`);
    const ctx = t.ctx(Role.FINANCE_OFFICER);
    let calls = 0;
    let releaseFirst!: () => void;
    const firstHasRead = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let continueFirst!: () => void;
    const gate = new Promise<void>((resolve) => {
      continueFirst = resolve;
    });
    const contended = runCommand(
      ctx,
      async (tx) => {
        calls += 1;
        const [row] = await tx.em.query(`SELECT n FROM retry_probe WHERE id = 1`);
        if (calls === 1) {
          releaseFirst();
          await gate;
        }
        await tx.em.query(`UPDATE retry_probe SET n = $1 WHERE id = 1`, [row.n + 1]);
        return calls;
      },
      { isolation: 'SERIALIZABLE' },
    );
    await firstHasRead;
    // A competing transaction commits a write to the row the first one read: its update must fail with 40001.
    await runCommand(ctx, (tx) => tx.em.query(`UPDATE retry_probe SET n = n + 10 WHERE id = 1`), { isolation: 'SERIALIZABLE' });
    continueFirst();
    await expect(contended).resolves.toBe(2);
    const [final] = await t.dataSource.query(`SELECT n FROM retry_probe WHERE id = 1`);
    expect(final.n).toBe(11);
  });

  it('gives up after the bounded number of attempts', async () => {
    let calls = 0;
    const err = Object.assign(new Error('simulated'), { code: '40001' });
    await expect(
      runCommand(
        t.ctx(),
        async () => {
          calls += 1;
          throw err;
        },
        { maxAttempts: 3 },
      ),
    ).rejects.toBe(err);
    expect(calls).toBe(3);
  });

  it('rolls a dry run back and returns its result', async () => {
    await t.dataSource.query(`CREATE TABLE IF NOT EXISTS dry_probe (id int primary key)`);
    const result = await runCommand(
      t.ctx(),
      async (tx) => {
        await tx.em.query(`INSERT INTO dry_probe VALUES (1)`);
        return 'previewed';
      },
      { dryRun: true },
    );
    expect(result).toBe('previewed');
    expect(await t.dataSource.query(`SELECT * FROM dry_probe`)).toEqual([]);
  });

  it('refuses a dry run nested in a transaction that commits, and the outer transaction commits nothing', async () => {
    await t.dataSource.query(`CREATE TABLE IF NOT EXISTS nested_probe (id int primary key)`);
    let reached = false;
    const outer = runCommand(t.ctx(), async (tx) => {
      await tx.em.query(`INSERT INTO nested_probe VALUES (1)`);
      return runCommand(
        tx,
        async (inner) => {
          reached = true;
          await inner.em.query(`INSERT INTO nested_probe VALUES (2)`);
          return 'previewed';
        },
        { dryRun: true },
      );
    });
    await expect(outer).rejects.toMatchObject({
      code: 'CONFLICT',
      extensions: { code: 'CONFLICT', field: 'dryRun', reason: 'DRY_RUN_IN_TRANSACTION' },
    });
    await expect(outer).rejects.toThrow(/dry run cannot be nested in a transaction that commits/);
    expect(reached).toBe(false);
    expect(await t.dataSource.query(`SELECT * FROM nested_probe`)).toEqual([]);
  });

  it('lets a dry run nest inside another dry run (attributionSideBySide does), and rolls both back', async () => {
    await t.dataSource.query(`CREATE TABLE IF NOT EXISTS nested_dry_probe (id int primary key)`);
    const result = await runCommand(
      t.ctx(),
      async (tx) => {
        await tx.em.query(`INSERT INTO nested_dry_probe VALUES (1)`);
        const inner = await runCommand(
          tx,
          async (nested) => {
            await nested.em.query(`INSERT INTO nested_dry_probe VALUES (2)`);
            // The nested dry run sees the outer one's writes: it is the same transaction.
            const rows = await nested.em.query<{ id: number }[]>(`SELECT id FROM nested_dry_probe ORDER BY id`);
            return rows.map((r) => r.id);
          },
          { dryRun: true },
        );
        return inner;
      },
      { dryRun: true },
    );
    expect(result).toEqual([1, 2]);
    expect(await t.dataSource.query(`SELECT * FROM nested_dry_probe`)).toEqual([]);
  });

  it('runs the transaction of a context bound to its own connection on that connection and leaves it open', async () => {
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ pid }] = await runner.query(`SELECT pg_backend_pid() AS pid`);
      const bound = { ...t.ctx(), em: runner.manager, inTransaction: false };
      const seen = await runCommand(bound, async (tx) => {
        const [row] = await tx.em.query(`SELECT pg_backend_pid() AS pid, now() = statement_timestamp() AS fresh`);
        return row.pid as number;
      });
      expect(seen).toBe(pid);
      expect(runner.isReleased).toBe(false);
      expect(runner.isTransactionActive).toBe(false);
      // Still usable by its owner after the command.
      expect(await runner.query(`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
    } finally {
      await runner.release();
    }
  });
});

describe('bad input names the field', () => {
  it('names the argument of a bad literal value', async () => {
    const r = await t.gql(`{ municipalities(first: "ten") { totalCount } }`);
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors?.[0]?.extensions?.field).toBe('first');
    expect(r.errors?.[0]?.message).toMatch(/^first: /);
  });

  it('names the nested input field of a bad literal value', async () => {
    const r = await t.gql(`{ municipalities(first: 5, filter: { codes: [12] }) { totalCount } }`);
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors?.[0]?.extensions?.field).toBe('filter.codes');
  });
});
