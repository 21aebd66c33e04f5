import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { createTestApp, codes, type TestApp } from '../helpers/test-app';
import { chainQueues, startChainWorkers, type DeliveredNotification } from '../../src/modules/chain';
import { JobQueue } from '../../src/common/jobs';
import { logger } from '../../src/common/logger';
import { importEventsFile } from '../../src/cli/import-events';
import { apiTarget } from '../../src/cli/cli-target';
import { until } from '../helpers/until';

/**
 * Issue 17 item 3, whatever the door (decision 1550): person events imported through the people
 * module's own import (GraphQL `importPersonEvents`, the CLI, the fixtures) tell the municipalities
 * concerned in the import's transaction, as the inbound route does (its own notifications come from
 * the same handler: test/e2e/chain-inbound.e2e-part.ts checks one notification per effect); events
 * released from PENDING by a later import are told then; a replay or a refused batch tells nobody;
 * and the notifications reach a registered endpoint.
 */
const A = 'GM0363';
const B = 'GM0344';
const IMPORT = `mutation($input: ImportPersonEventsInput!) {
  importPersonEvents(input: $input) { applied pending released replayed } }`;
const AT = '2031-06-01T08:00:00.000Z';
let n = 0;
const ev = (personId: string, e: Record<string, unknown>) => ({
  eventId: `ci-${(n += 1)}`,
  personId,
  source: 'BRP',
  sourceRecordedAt: AT,
  ...e,
});

interface FeedNode {
  eventType: string;
  subjectId: string;
  occurredAt: string;
  receivedAt: string | null;
}

describe('chain: person events imported outside the chain are told', () => {
  let t: TestApp;
  /** The municipality's feed (with its controller token, paged to the end), for these people only, oldest first. */
  const feed = async (code: string, people: string[]): Promise<FeedNode[]> => {
    const out: FeedNode[] = [];
    let after: string | null = null;
    for (;;) {
      const res: { chainNotifications: { edges: { node: FeedNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } =
        await t.ok(
          `query($after: String) { chainNotifications(municipalityCode: "${code}", first: 500, after: $after) {
             edges { node { eventType subjectId occurredAt receivedAt } } pageInfo { hasNextPage endCursor } } }`,
          { after },
          await t.tokens.controller(code),
        );
      out.push(...res.chainNotifications.edges.map((e) => e.node).filter((node) => people.includes(node.subjectId)));
      if (!res.chainNotifications.pageInfo.hasNextPage) {
        return out;
      }
      after = res.chainNotifications.pageInfo.endCursor;
    }
  };
  const count = async () => (await t.dataSource.query<[{ n: number }]>('SELECT count(*)::int AS n FROM chain_notifications'))[0].n;

  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(() => t.close());

  it('tells each municipality what a GraphQL import changed for it, in the same transaction, once', async () => {
    const [p1, p2, p3] = ['ci-person-1', 'ci-person-2', 'ci-person-3'];
    const events = [
      // Starts with A, moves to B, ends there.
      ev(p1, { type: 'OBLIGATION_STARTED', date: '2031-01-10', category: 'GEZINSMIGRANT', municipalityCode: A }),
      ev(p1, { type: 'MOVED', date: '2031-03-01', fromCode: A, toCode: B }),
      ev(p1, { type: 'OBLIGATION_ENDED', date: '2031-05-01', endReason: 'EXEMPTED' }),
      // In reception (nobody told), then housed in B.
      ev(p2, { type: 'OBLIGATION_STARTED', date: '2031-01-10', category: 'ASIELSTATUSHOUDER' }),
      ev(p2, { type: 'HOUSED', date: '2031-02-01', municipalityCode: B }),
      // A category change: an end and a start the next day.
      ev(p3, { type: 'OBLIGATION_STARTED', date: '2031-01-10', category: 'GEZINSMIGRANT', municipalityCode: A }),
      ev(p3, { type: 'OBLIGATION_ENDED', date: '2031-04-30', endReason: 'OTHER' }),
      ev(p3, { type: 'OBLIGATION_STARTED', date: '2031-05-01', category: 'OVERIG', municipalityCode: A }),
    ];
    const before = await count();
    const r = await t.ok<{ importPersonEvents: Record<string, unknown> }>(IMPORT, { input: { batchKey: 'ci-1', events } });
    expect(r.importPersonEvents).toMatchObject({ applied: 8, pending: 0 });
    const people = [p1, p2, p3];
    expect((await feed(A, people)).map((x) => [x.eventType, x.subjectId])).toEqual([
      ['PERSON_OBLIGATION_STARTED', p1],
      ['PERSON_MOVED_OUT', p1],
      ['PERSON_OBLIGATION_STARTED', p3],
      ['PERSON_CATEGORY_CHANGED', p3],
    ]);
    const inB = await feed(B, people);
    expect(inB.map((x) => [x.eventType, x.subjectId])).toEqual([
      ['PERSON_MOVED_IN', p1],
      ['PERSON_OBLIGATION_ENDED', p1],
      ['PERSON_HOUSED', p2],
    ]);
    // Occurred: the source's registration; received: when the engine recorded it.
    expect(new Date(inB[0]!.occurredAt).toISOString()).toBe(AT);
    expect(inB[0]!.receivedAt).not.toBeNull();
    expect(await count()).toBe(before + 7);

    // The same batch again is a replay: nobody is told twice.
    const again = await t.ok<{ importPersonEvents: Record<string, unknown> }>(IMPORT, { input: { batchKey: 'ci-1', events } });
    expect(again.importPersonEvents).toMatchObject({ replayed: true });
    expect(await count()).toBe(before + 7);
    // A refused batch writes nothing, notifications included.
    const refused = await t.gql(IMPORT, {
      input: {
        batchKey: 'ci-2',
        events: [
          ev('ci-person-4', { type: 'OBLIGATION_STARTED', date: '2031-01-10', category: 'GEZINSMIGRANT', municipalityCode: A }),
          ev('ci-person-4', { type: 'HOUSED', date: '2031-02-01', municipalityCode: 'GM9999' }),
        ],
      },
    });
    expect(codes(refused)).toEqual(['BATCH_REJECTED']);
    expect(await count()).toBe(before + 7);
  });

  it('tells events held PENDING when a later import releases them, with the time they waited', async () => {
    await t.ok(`mutation { registerPersonEventSource(input: { code: "CI-LATE", outOfOrder: true }) { code } }`);
    const p = 'ci-person-late';
    const late = (e: Record<string, unknown>) => ({ ...ev(p, e), source: 'CI-LATE' });
    const before = await count();
    const first = await t.ok<{ importPersonEvents: Record<string, unknown> }>(IMPORT, {
      input: { batchKey: 'ci-late-1', events: [late({ type: 'MOVED', date: '2031-05-01', fromCode: A, toCode: B })] },
    });
    expect(first.importPersonEvents).toMatchObject({ applied: 0, pending: 1 });
    expect(await count()).toBe(before);
    const [{ recorded }] = await t.dataSource.query<[{ recorded: Date }]>(
      'SELECT recorded_at AS recorded FROM person_events WHERE person_id = $1',
      [p],
    );
    const second = await t.ok<{ importPersonEvents: Record<string, unknown> }>(IMPORT, {
      input: {
        batchKey: 'ci-late-2',
        events: [late({ type: 'OBLIGATION_STARTED', date: '2031-02-01', category: 'GEZINSMIGRANT', municipalityCode: A })],
      },
    });
    expect(second.importPersonEvents).toMatchObject({ applied: 1, released: 1 });
    const inA = await feed(A, [p]);
    expect(inA.map((x) => x.eventType)).toEqual(['PERSON_OBLIGATION_STARTED', 'PERSON_MOVED_OUT']);
    const inB = await feed(B, [p]);
    expect(inB.map((x) => x.eventType)).toEqual(['PERSON_MOVED_IN']);
    // The released move keeps when the engine first received it.
    expect(new Date(inB[0]!.receivedAt as string).getTime()).toBe(new Date(recorded).getTime());
    expect(await count()).toBe(before + 3);
  });

  it('delivers an import’s notifications to the endpoint the municipality registered', async () => {
    const received: { id: string; body: DeliveredNotification; verified: boolean }[] = [];
    let secret = '';
    const server = http.createServer((req, res) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString('utf8')));
      req.on('end', () => {
        let verified = false;
        try {
          new Webhook(secret.replace(/^whsec_/, '')).verify(data, req.headers as Record<string, string>);
          verified = true;
        } catch {
          verified = false;
        }
        received.push({ id: String(req.headers['webhook-id']), body: JSON.parse(data) as DeliveredNotification, verified });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    let queue: JobQueue | undefined;
    try {
      const reg = await t.ok<{ registerChainEndpoint: { secret: string } }>(
        `mutation($url: String!) { registerChainEndpoint(municipalityCode: "${B}", url: $url) { secret } }`,
        { url },
        await t.tokens.controller(B),
      );
      secret = reg.registerChainEndpoint.secret;
      const p = 'ci-person-delivered';
      await t.ok(IMPORT, {
        input: {
          batchKey: 'ci-delivered',
          events: [
            ev(p, { type: 'OBLIGATION_STARTED', date: '2031-01-10', category: 'GEZINSMIGRANT', municipalityCode: A }),
            ev(p, { type: 'MOVED', date: '2031-03-01', fromCode: A, toCode: B }),
          ],
        },
      });
      // The GraphQL context of the test app has no queue: the workers' sweep at start finds the work.
      queue = await JobQueue.start(t.dataSource, { queues: chainQueues, log: logger, pollingIntervalSeconds: 0.5 });
      await startChainWorkers(queue, t.dataSource, { baseDelayMs: 10, maxDelayMs: 80, timeoutMs: 1000 });
      await until('the move in was delivered', async () => received.some((r) => r.body.data.subjectId === p));
      const mine = received.filter((r) => r.body.data.subjectId === p);
      expect(mine.map((r) => [r.body.type, r.body.data.municipalityCode, r.verified])).toEqual([['PERSON_MOVED_IN', B, true]]);
      // Everything of B's feed was delivered, in id order.
      const ids = received.map((r) => Number(r.id.replace(/^cn_/, '')));
      expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    } finally {
      await queue?.stop(5000);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 120_000);
});

/**
 * Decision 1820, through the import doors: a GraphQL import of person events and a CSV file sent by
 * `npm run import:events` to the server wake the delivery workers when they commit. The workers here
 * poll every ten minutes, so a delivery within seconds can only come from the wake-up (without it,
 * this test times out).
 */
describe('chain: an import wakes the delivery workers after its commit', () => {
  let t: TestApp;
  const POLL_SECONDS = 600;
  /** Far below the poll: only a wake-up delivers this soon (generous for a loaded machine). */
  const SOON_MS = 20_000;

  beforeAll(async () => {
    t = await createTestApp({ jobs: { pollingIntervalSeconds: POLL_SECONDS, workers: false } });
  }, 120_000);
  afterAll(() => t.close());

  it('delivers a GraphQL import and a CSV file sent through the API without waiting for the poll', async () => {
    const received: string[] = [];
    const receiver = http.createServer((req, res) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString('utf8')));
      req.on('end', () => {
        received.push((JSON.parse(data) as DeliveredNotification).data.subjectId);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => t.app.httpServer.listen(0, '127.0.0.1', resolve));
    try {
      await t.ok(
        `mutation($url: String!) { registerChainEndpoint(municipalityCode: "${B}", url: $url) { secret } }`,
        { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` },
        await t.tokens.controller(B),
      );
      // Workers that poll every ten minutes (their start-up sweep finds nothing due).
      await startChainWorkers(t.jobs!, t.dataSource, {
        baseDelayMs: 10,
        maxDelayMs: 80,
        timeoutMs: 1000,
        pollingIntervalSeconds: POLL_SECONDS,
      });

      // GraphQL: a move into B.
      const viaGraphql = 'ci-wake-graphql';
      await t.ok(IMPORT, {
        input: {
          batchKey: 'ci-wake-graphql',
          events: [
            ev(viaGraphql, { type: 'OBLIGATION_STARTED', date: '2031-01-10', category: 'GEZINSMIGRANT', municipalityCode: A }),
            ev(viaGraphql, { type: 'MOVED', date: '2031-03-01', fromCode: A, toCode: B }),
          ],
        },
      });
      await until('the GraphQL import was delivered', async () => received.includes(viaGraphql), SOON_MS);

      // The CSV file, as `npm run import:events` sends it to a running server.
      const viaCsv = 'ci-wake-csv';
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ci-wake-')), 'events.csv');
      fs.writeFileSync(
        file,
        [
          'eventId,personId,source,sourceRecordedAt,type,date,category,municipalityCode,fromCode,toCode',
          `ci-wake-csv-1,${viaCsv},BRP,${AT},OBLIGATION_STARTED,2031-01-10,GEZINSMIGRANT,${A},,`,
          `ci-wake-csv-2,${viaCsv},BRP,${AT},MOVED,2031-03-01,,,${A},${B}`,
          '',
        ].join('\n'),
      );
      const url = `http://127.0.0.1:${(t.app.httpServer.address() as AddressInfo).port}/graphql`;
      const errors: string[] = [];
      const result = await importEventsFile(
        apiTarget(url, t.tokens.finance),
        file,
        undefined,
        () => undefined,
        (l) => errors.push(l),
      );
      expect(result.exitCode).toBe(0);
      expect(result.chunks.map((c) => c.applied)).toEqual([2]);
      await until('the CSV import was delivered', async () => received.includes(viaCsv), SOON_MS);
      expect(received.filter((p) => p === viaGraphql || p === viaCsv)).toEqual([viaGraphql, viaCsv]);
    } finally {
      // The queue (and its workers) stop with the app.
      receiver.closeAllConnections();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
      t.app.httpServer.closeAllConnections();
      await new Promise<void>((resolve) => t.app.httpServer.close(() => resolve()));
    }
  }, 120_000);
});
