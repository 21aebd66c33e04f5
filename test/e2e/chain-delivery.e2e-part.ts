import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { chainQueues, notifyMunicipality, startChainWorkers, type DeliveredNotification } from '../../src/modules/chain';
import { replayDeliveries } from '../../src/modules/chain/delivery.service';
import { JobQueue } from '../../src/common/jobs';
import { logger } from '../../src/common/logger';
import { Role } from '../../src/common/auth/actor';
import type { RequestContext } from '../../src/context';
import { until } from '../helpers/until';

/**
 * Issue 17 item 3: the outbox delivered to a municipality's endpoint on the job queue (pg-boss),
 * signed (Standard Webhooks), at least once and in order, through an outage, 500s and a worker
 * process stopped mid-delivery; parked after its attempts and replayed by a finance officer.
 * Each "process" is a JobQueue with the chain's workers on the test database.
 */
const OWN = 'GM0363';
const OTHER = 'GM0344';

interface Receiver {
  port: number;
  url: string;
  /** 'ok' answers 204; 'fail' answers 500. */
  mode: 'ok' | 'fail';
  /** Every request that arrived (id, verified), duplicates included. */
  received: { id: string; body: DeliveredNotification; verified: boolean }[];
  secret: string | null;
  listen(): Promise<void>;
  close(): Promise<void>;
}

async function receiver(): Promise<Receiver> {
  const r: Receiver = {
    port: 0,
    url: '',
    mode: 'ok',
    received: [],
    secret: null,
    listen: async () => {
      await new Promise<void>((resolve) => server.listen(r.port, '127.0.0.1', resolve));
      r.port = (server.address() as AddressInfo).port;
      r.url = `http://127.0.0.1:${r.port}/hook`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString('utf8')));
    req.on('end', () => {
      if (r.mode === 'fail') {
        res.writeHead(500).end();
        return;
      }
      let verified = false;
      try {
        new Webhook((r.secret ?? '').replace(/^whsec_/, '')).verify(data, req.headers as Record<string, string>);
        verified = true;
      } catch {
        verified = false;
      }
      r.received.push({ id: String(req.headers['webhook-id']), body: JSON.parse(data) as DeliveredNotification, verified });
      res.writeHead(204).end();
    });
  });
  await r.listen();
  return r;
}

describe('chain delivery to registered endpoints', () => {
  let t: TestApp;
  let rx: Receiver;
  const workers: JobQueue[] = [];
  let current: JobQueue | undefined;
  const start = async (options: { maxAttempts?: number } = { maxAttempts: 1000 }) => {
    const q = await JobQueue.start(t.dataSource, { queues: chainQueues, log: logger, pollingIntervalSeconds: 0.5 });
    await startChainWorkers(q, t.dataSource, { baseDelayMs: 10, maxDelayMs: 80, timeoutMs: 1000, ...options });
    workers.push(q);
    current = q;
    return q;
  };
  /** A finance officer's context in the running worker process (its notifications announce delivery on the queue). */
  const finance = (): RequestContext => ({ ...t.ctx(Role.FINANCE_OFFICER), jobs: current });
  const stopAll = async () => {
    for (const q of workers.splice(0)) {
      await q.stop(5000);
    }
  };
  const pending = async (code: string) => {
    const [row] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM chain_notifications n JOIN chain_delivery_state s USING (municipality_code)
        WHERE n.municipality_code = $1 AND n.id > s.delivered_id`,
      [code],
    );
    return row?.n ?? 0;
  };

  beforeAll(async () => {
    t = await createTestApp();
    rx = await receiver();
  }, 600_000);

  afterAll(async () => {
    await stopAll();
    await rx.close();
    await t.close();
  });

  it('a controller registers and tests its own endpoint, never another municipality’s', async () => {
    const own = await t.tokens.controller(OWN);
    const reg = await t.ok<{ registerChainEndpoint: { secret: string; url: string } }>(
      `mutation($url: String!) { registerChainEndpoint(municipalityCode: "${OWN}", url: $url) { url secret } }`,
      { url: rx.url },
      own,
    );
    expect(reg.registerChainEndpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    rx.secret = reg.registerChainEndpoint.secret;
    const test = await t.ok<{ testChainEndpoint: { ok: boolean; status: number } }>(
      `mutation { testChainEndpoint(municipalityCode: "${OWN}") { ok status } }`,
      {},
      own,
    );
    expect(test.testChainEndpoint).toEqual({ ok: true, status: 204 });
    expect(rx.received.at(-1)).toMatchObject({ verified: true, body: { type: 'ENDPOINT_TEST' } });
    rx.received.length = 0;
    const foreign = await t.gql(
      `mutation { registerChainEndpoint(municipalityCode: "${OTHER}", url: "http://127.0.0.1:9/x") { url } }`,
      {},
      own,
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await t.gql(`mutation { registerChainEndpoint(municipalityCode: "${OWN}", url: "ftp://x") { url } }`, {}, own);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
  });

  it('delivers every notification once after deduplication, in order, through an outage, 500s and a worker restart', async () => {
    // Notifications the fixtures' money events wrote for the other municipality before this test.
    const [{ n: otherBefore }] = await t.dataSource.query<[{ n: number }]>(
      'SELECT count(*)::int AS n FROM chain_notifications WHERE municipality_code = $1',
      [OTHER],
    );
    // Down: nothing listens on the endpoint's port.
    await rx.close();
    const first = await start();
    for (let i = 1; i <= 15; i += 1) {
      await notifyMunicipality(finance(), OWN, { eventType: 'TRANCHE_PAID', subjectId: `tranche-${i}` });
      await notifyMunicipality(finance(), OTHER, { eventType: 'TRANCHE_PAID', subjectId: `other-${i}` });
    }
    await until('a failed attempt is recorded', async () => {
      const [s] = await t.dataSource.query<{ attempts: number }[]>(
        'SELECT attempts FROM chain_delivery_state WHERE municipality_code = $1',
        [OWN],
      );
      return (s?.attempts ?? 0) >= 2;
    });
    // Up, but answering 500.
    rx.mode = 'fail';
    await rx.listen();
    await until('the receiver answered 500s', async () => {
      const [s] = await t.dataSource.query<{ last_error: string | null }[]>(
        'SELECT last_error FROM chain_delivery_state WHERE municipality_code = $1',
        [OWN],
      );
      return (s?.last_error ?? '').includes('HTTP 500');
    });
    rx.mode = 'ok';
    // A stop mid-delivery: the first process is stopped after some acknowledgements without waiting
    // for its handler (what it had in flight is failed back to the queue); notifications written
    // meanwhile are announced to nobody; a second process takes over.
    await until('some were delivered', async () => rx.received.length >= 3);
    await first.stop(1);
    current = undefined;
    for (let i = 16; i <= 25; i += 1) {
      await notifyMunicipality(finance(), OWN, { eventType: 'TRANCHE_SUSPENDED', subjectId: `tranche-${i}` });
    }
    await start();
    await until('everything was delivered', async () => (await pending(OWN)) === 0);

    const expected = await t.dataSource.query<{ id: string; subject_id: string }[]>(
      `SELECT id::text AS id, subject_id FROM chain_notifications WHERE municipality_code = $1 ORDER BY chain_notifications.id`,
      [OWN],
    );
    const firstSeen: string[] = [];
    for (const r of rx.received) {
      if (!firstSeen.includes(r.id)) {
        firstSeen.push(r.id);
      }
    }
    expect(firstSeen).toEqual(expected.map((e) => `cn_${e.id}`));
    expect(rx.received.every((r) => r.verified)).toBe(true);
    expect(rx.received.every((r) => r.body.data.municipalityCode === OWN)).toBe(true);
    expect(rx.received.map((r) => r.body.data.subjectId).filter((s, i, all) => all.indexOf(s) === i)).toEqual(
      expected.map((e) => e.subject_id),
    );
    // The other municipality registered nothing: its notifications wait in its feed.
    const [{ n }] = await t.dataSource.query<[{ n: number }]>(
      'SELECT count(*)::int AS n FROM chain_notifications WHERE municipality_code = $1',
      [OTHER],
    );
    expect(n).toBe(15 + otherBefore);
  }, 600_000);

  it('parks a municipality after its attempts (the dead-letter list a finance officer sees) and replays it in order', async () => {
    await stopAll();
    rx.mode = 'fail';
    await start({ maxAttempts: 3 });
    await notifyMunicipality(finance(), OWN, { eventType: 'SETTLEMENT_FINALISED', subjectId: 'settlement-1' });
    await notifyMunicipality(finance(), OWN, { eventType: 'SETTLEMENT_FINALISED', subjectId: 'settlement-2' });
    await until('parked', async () => {
      const [s] = await t.dataSource.query<{ dead_since: Date | null }[]>(
        'SELECT dead_since FROM chain_delivery_state WHERE municipality_code = $1',
        [OWN],
      );
      return s?.dead_since !== null && s?.dead_since !== undefined;
    });
    const list = await t.ok<{
      chainDeliveries: { municipalityCode: string; pending: number; attempts: number; deadSince: string | null; lastError: string }[];
    }>(`{ chainDeliveries { municipalityCode pending attempts deadSince lastError } }`);
    expect(list.chainDeliveries).toEqual([
      { municipalityCode: OWN, pending: 2, attempts: 3, deadSince: expect.any(String), lastError: expect.stringContaining('HTTP 500') },
    ]);
    const other = await t.gql(`{ chainDeliveries(municipalityCodes: ["${OWN}"]) { pending } }`, {}, await t.tokens.controller(OTHER));
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const auditorReplay = await t.gql(`mutation { replayChainDeliveries(municipalityCode: "${OWN}") { pending } }`, {}, t.tokens.auditor);
    expect(auditorReplay.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    rx.mode = 'ok';
    const before = rx.received.length;
    // The mutation is replayDeliveries; called here in the worker process, whose queue it announces on.
    const replayed = await replayDeliveries(finance(), OWN);
    expect(replayed).toMatchObject({ municipalityCode: OWN, deadSince: null, attempts: 0 });
    await until('replayed', async () => (await pending(OWN)) === 0);
    expect(rx.received.slice(before).map((r) => r.body.data.subjectId)).toEqual(['settlement-1', 'settlement-2']);
  }, 600_000);
});
