import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { createDataSource, initialise } from '../src/common/db/data-source';
import { systemContext } from '../src/fixtures';
import { createApp } from '../src/server';
import { createTokenVerifier, mintToken } from '../src/common/auth/tokens';
import { Role } from '../src/common/auth/actor';
import { logger } from '../src/common/logger';
import { listAllocationRuns, loadAllocationFixtures } from '../src/modules/allocations';
import type { Benchmark, Figure } from './harness';
import { BENCH_JWT_SECRET, benchConfig } from './production-env';

const POOL_SIZE = 10;

const QUERY = `query RunLines($id: String!) {
  allocationRun(id: $id) {
    lines(first: 500) { edges { node { municipalityCode decisionNumber weight exactShare amount adjustment } } }
  }
}`;

/** The bare handler's one query: the same columns, already in the API's canonical text form. */
const BARE_SQL = `SELECT l.municipality_code AS "municipalityCode", l.decision_number AS "decisionNumber",
       l.weight::text AS weight, l.exact_share::text AS "exactShare",
       to_char(l.amount, 'FM9999999999999999990.' || repeat('0', r.unit_scale)) AS amount, l.adjustment::text AS adjustment
  FROM allocation_lines l JOIN allocation_runs r ON r.id = l.run_id
 WHERE l.run_id = $1 ORDER BY l.municipality_code LIMIT 501`;

interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** This process's CPU (user + system) per request served during the load, in ms: the server's own cost, steadier than throughput on a shared machine. */
  cpuMsPerRequest: number;
}

/**
 * autocannon in a child process: a load generator in the server's own process would share its
 * event loop and make both servers look slower by its own cost.
 */
async function load(url: string, body: string, headers: Record<string, string>, seconds: number, connections: number): Promise<LoadResult> {
  const bin = require.resolve('autocannon/autocannon.js');
  const args = [bin, '--json', '-c', String(connections), '-d', String(seconds), '-m', 'POST', '-b', body];
  for (const [k, v] of Object.entries(headers)) {
    args.push('-H', `${k}=${v}`);
  }
  args.push(url);
  const cpu = process.cpuUsage();
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 });
  const used = process.cpuUsage(cpu);
  const r = JSON.parse(stdout) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
  };
  return {
    requestsPerSecond: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    cpuMsPerRequest: r.requests.total === 0 ? 0 : (used.user + used.system) / 1000 / r.requests.total,
  };
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<string> {
  const res = await fetch(url, { method: 'POST', body, headers });
  const text = await res.text();
  if (res.status !== 200) {
    throw new Error(`${url}: HTTP ${res.status}: ${text.slice(0, 300)}`);
  }
  return text;
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

/**
 * The GraphQL read of one scheme-year's allocations (every municipality's line of the run, as a
 * finance officer) under concurrent load, against a bare `pg` query behind `http.createServer`
 * serving the same JSON, both on the same pool size in the same process, measured one after the
 * other in this run.
 */
export const graphqlReadBenchmark: Benchmark = {
  name: 'graphql-read',
  async run({ databaseUrl, quick }): Promise<Figure[]> {
    const seconds = quick ? 3 : 10;
    const connections = 20;
    const previousLevel = logger.level;
    logger.level = 'silent';
    const ds = createDataSource({ url: databaseUrl, poolSize: POOL_SIZE });
    await initialise(ds);
    const pool = new Pool({ connectionString: databaseUrl, max: POOL_SIZE });
    const config = benchConfig();
    const app = await createApp({ config, dataSource: ds, verifier: await createTokenVerifier(config) });
    const bare = http.createServer((req, res) => {
      // Reads the body like any handler must, then answers with one query.
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const { variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { variables: { id: string } };
        pool.query<Record<string, string>>(BARE_SQL, [variables.id]).then(
          (r) => {
            // Apollo ends its JSON with a newline; so does this, to serve the very same bytes.
            const payload = `${JSON.stringify({ data: { allocationRun: { lines: { edges: r.rows.map((node) => ({ node })) } } } })}\n`;
            res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(payload);
          },
          (error: unknown) => res.writeHead(500).end(String(error)),
        );
      });
    });
    try {
      await loadAllocationFixtures(systemContext(ds));
      const run = (await listAllocationRuns(systemContext(ds), { schemeCode: 'SPUK-WI2021', year: 2026 }))[0];
      if (!run) {
        throw new Error('the allocation fixtures made no SPUK-WI2021 2026 run');
      }
      const token = await mintToken(BENCH_JWT_SECRET, { subject: 'bench-fo', role: Role.FINANCE_OFFICER });
      const graphqlUrl = `${await listen(app.httpServer)}/graphql`;
      const bareUrl = await listen(bare);
      const body = JSON.stringify({ query: QUERY, variables: { id: run.id } });
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };

      // Both must serve the same bytes, or the comparison means nothing.
      const viaGraphql = await post(graphqlUrl, body, headers);
      const viaBare = await post(bareUrl, body, headers);
      if (viaGraphql !== viaBare) {
        let at = 0;
        while (viaGraphql[at] === viaBare[at]) {
          at += 1;
        }
        const around = (s: string) => s.slice(Math.max(0, at - 120), at + 80);
        throw new Error(`the two servers answer differently at byte ${at}:\n${around(viaGraphql)}\n${around(viaBare)}`);
      }
      const rows = (JSON.parse(viaGraphql) as { data: { allocationRun: { lines: { edges: unknown[] } } } }).data.allocationRun.lines.edges
        .length;

      // Warm both (JIT, pools, Apollo's document cache), then measure one after the other.
      await load(bareUrl, body, headers, 1, connections);
      await load(graphqlUrl, body, headers, 1, connections);
      const b = await load(bareUrl, body, headers, seconds, connections);
      const g = await load(graphqlUrl, body, headers, seconds, connections);
      for (const [label, r] of [
        ['bare', b],
        ['graphql', g],
      ] as const) {
        if (r.non2xx > 0 || r.errors > 0 || r.requests === 0) {
          throw new Error(`${label}: ${r.non2xx} non-2xx responses, ${r.errors} errors, ${r.requests} requests`);
        }
      }
      const dataSize = `1 run, ${rows} lines (${Buffer.byteLength(viaGraphql)} bytes per response); ${connections} connections, ${seconds} s each; pool of ${POOL_SIZE}`;
      // A figure in ms where less is better: GraphQL's against the bare handler's, the ratio bare / GraphQL.
      const lessIsBetter = (name: string, key: 'p50' | 'p99' | 'cpuMsPerRequest', baseline: string, ratioMeaning: string): Figure => ({
        name,
        value: g[key],
        unit: 'ms',
        baseline: { name: baseline, value: b[key], unit: 'ms' },
        ratio: g[key] === 0 ? 0 : b[key] / g[key],
        ratioMeaning,
        dataSize,
      });
      return [
        {
          name: 'GraphQL allocationRun.lines(first: 500), finance officer: throughput',
          value: g.requestsPerSecond,
          unit: 'requests/s',
          baseline: { name: 'bare pg query + http.createServer, same JSON', value: b.requestsPerSecond, unit: 'requests/s' },
          ratio: g.requestsPerSecond / b.requestsPerSecond,
          ratioMeaning: 'GraphQL / bare (target ≥ 0.333)',
          dataSize,
        },
        lessIsBetter('GraphQL allocationRun.lines: latency p50', 'p50', 'bare handler p50', 'bare p50 / GraphQL p50'),
        lessIsBetter('GraphQL allocationRun.lines: latency p99', 'p99', 'bare handler p99', 'bare p99 / GraphQL p99'),
        lessIsBetter(
          'GraphQL allocationRun.lines: Node CPU per request (the server process, user + system)',
          'cpuMsPerRequest',
          'bare handler, Node CPU per request',
          'bare CPU / GraphQL CPU per request (PostgreSQL and the load generator not counted)',
        ),
      ];
    } finally {
      await app.apollo.stop();
      await new Promise((resolve) => bare.close(resolve));
      await pool.end();
      await ds.destroy();
      logger.level = previousLevel;
    }
  },
};
