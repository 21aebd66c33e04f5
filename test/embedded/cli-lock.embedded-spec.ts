import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { runCompiled } from '../helpers/run-compiled';

/**
 * [embedded] The data directory belongs to one process (decision 1003): with `npm start` running,
 * `npm run import` sends its rows through the server's API, so they survive a restart; any other
 * process that would open the directory is refused with a message that says what to do; a lock
 * left by kill -9 does not block the next start.
 */
describe('[embedded] one owner per data directory; CLIs go through the running server', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ife-embedded-lock-'));
  const env = { EMBEDDED_DATA_DIR: path.join(dir, 'pglite'), JWT_SECRET: 'embedded-smoke-secret-0123456789abcdef' };
  let server: ServerProcess | undefined;
  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cli = (script: string, args: string[]) => runCompiled(script, args, env);

  async function counts(s: ServerProcess, year: number): Promise<string[]> {
    const res = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${s.tokens.FINANCE_OFFICER ?? ''}` },
      body: JSON.stringify({
        query: `query($y: Int!) { counts(first: 10, filter: { year: $y }) { edges { node { municipalityCode value } } } }`,
        variables: { y: year },
      }),
    });
    const body = (await res.json()) as {
      data: { counts: { edges: { node: { municipalityCode: string; value: string } }[] } } | null;
      errors?: unknown[];
    };
    // An error answer fails here with its errors shown, not later on a missing field.
    expect(body.errors).toBeUndefined();
    return body.data!.counts.edges.map((e) => `${e.node.municipalityCode} ${e.node.value}`).sort();
  }

  async function stop(s: ServerProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    s.child.kill(signal);
    await s.exited;
  }

  const header = 'municipality_code,period_type,period_start,period_end,category,route,basis,rule,source,value';

  it('imports through the running server, refuses a second owner, survives restarts and kill -9', async () => {
    const file = path.join(dir, 'counts.csv');
    fs.writeFileSync(
      file,
      `${header}\nGM0363,YEAR,2030-01-01,2030-12-31,OVERIG,,REPORTED,,DUO,7\nGM0344,YEAR,2030-01-01,2030-12-31,OVERIG,,REPORTED,,DUO,2.5\n`,
    );
    server = await startServerProcess(env);

    const imported = await cli('cli/import.js', ['counts', file]);
    expect(imported.stderr).toContain(`importing into the server at ${server.url}`);
    expect(imported.stdout).toMatch(/^imported: 2 rows, batch key file:[0-9a-f]{64}, into the server at /);
    expect(imported.code).toBe(0);
    expect(await counts(server, 2030)).toEqual(['GM0344 2.500000', 'GM0363 7.000000']);
    // The request log names the CLI's operation and its actor.
    expect(server.output()).toMatch(
      /"path":"\/graphql","status":200,[^\n]*"operationName":"CliImportCounts","operationType":"mutation","actor":\{"subject":"cli-/,
    );

    // Anything else that would open the directory is refused, saying who holds it and what to do.
    const second = await startServerProcess(env).then(
      (s) => {
        s.child.kill('SIGKILL'); // never leave it running, even when the test fails
        return 'started';
      },
      (error: Error) => error.message,
    );
    expect(second).toMatch(
      /the embedded database in \S+ is in use by process \d+ \(main\.js\)[^\n]*serves its API at http:\/\/127\.0\.0\.1:\d+\/graphql\. Only that process may open it: nothing was written\./,
    );
    const migrate = await cli('cli/migrate.js', []);
    expect(migrate.code).toBe(1);
    expect(migrate.stderr).toMatch(/is in use by process \d+ .*Only that process may open it: nothing was written/);

    // A restart: the rows the CLI sent are in the server's database.
    await stop(server);
    server = await startServerProcess(env);
    expect(await counts(server, 2030)).toEqual(['GM0344 2.500000', 'GM0363 7.000000']);

    // kill -9 leaves the lock behind; the next start takes it over (its owner's pid is gone).
    await stop(server, 'SIGKILL');
    expect(fs.existsSync(`${env.EMBEDDED_DATA_DIR}.lock`)).toBe(true);

    // With no server, the CLI opens the directory itself, holding the lock while it writes.
    fs.writeFileSync(file, `${header}\nGM0363,YEAR,2031-01-01,2031-12-31,OVERIG,,REPORTED,,DUO,4\n`);
    const direct = await cli('cli/import.js', ['counts', file]);
    expect(direct.stderr).toContain('importing into the embedded database');
    expect(direct.code).toBe(0);
    expect(fs.existsSync(`${env.EMBEDDED_DATA_DIR}.lock`)).toBe(false);

    server = await startServerProcess(env);
    expect(await counts(server, 2031)).toEqual(['GM0363 4.000000']);
  }, 300_000);

  it('imports a person-event file through the server in chunks, with progress on stderr', async () => {
    if (!server || server.child.exitCode !== null) {
      server = await startServerProcess(env);
    }
    const file = path.join(dir, 'events.ndjson');
    const generated = await cli('cli/generate.js', ['--people', '4000', '--year', '2027', '--seed', '77', '--out', file]);
    expect(generated.code).toBe(0);
    const total = fs.readFileSync(file, 'utf8').trim().split('\n').length;
    expect(total).toBeGreaterThan(5000); // more than one chunk
    const imported = await cli('cli/import-events.js', [file]);
    expect(imported.stderr).toContain(`importing into the server at ${server.url}`);
    expect(imported.stderr).toContain(`events: ${total}/${total} (100%)`);
    const summary = JSON.parse(imported.stdout) as {
      received: number;
      applied: number;
      pending: number;
      unchanged: number;
      batchKey: string[];
    };
    expect(summary.received).toBe(total);
    expect(summary.applied + summary.pending + summary.unchanged).toBe(total);
    expect(summary.applied).toBeGreaterThan(0);
    expect(summary.batchKey).toHaveLength(Math.ceil(total / 5000));
    expect(imported.code).toBe(0);
    // Sent again: every chunk is recognised by its key and answered with its first result; nothing is written twice.
    const again = await cli('cli/import-events.js', [file]);
    expect(JSON.parse(again.stdout)).toEqual({ ...summary, replayed: true });
    await stop(server);
  }, 300_000);

  it('with no server, imports a person-event file into the directory it holds, its job queue opened on PGlite (decision 1911)', async () => {
    if (server && server.child.exitCode === null) {
      await stop(server);
    }
    const file = path.join(dir, 'events-direct.ndjson');
    expect((await cli('cli/generate.js', ['--people', '50', '--year', '2028', '--seed', '78', '--out', file])).code).toBe(0);
    const direct = await cli('cli/import-events.js', [file]);
    expect(direct.stderr).toContain('importing into the embedded database');
    expect(direct.code).toBe(0);
    const summary = JSON.parse(direct.stdout) as { applied: number };
    expect(summary.applied).toBeGreaterThan(0);
    // The next start opens the same events: the same file, sent through it, is answered as a replay.
    server = await startServerProcess(env);
    const again = await cli('cli/import-events.js', [file]);
    expect(again.stderr).toContain(`importing into the server at ${server.url}`);
    expect(JSON.parse(again.stdout)).toEqual({ ...summary, replayed: true });
    await stop(server);
  }, 300_000);
});
