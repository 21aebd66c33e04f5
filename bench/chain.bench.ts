import http from 'node:http';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createDataSource, initialise } from '../src/common/db/data-source';
import { systemContext } from '../src/fixtures';
import { createApp } from '../src/server';
import { createTokenVerifier } from '../src/common/auth/tokens';
import { logger } from '../src/common/logger';
import { chainQueues, oinForMunicipality, startChainWorkers, startDuoSimulator, type DeliveredNotification } from '../src/modules/chain';
import { JobQueue } from '../src/common/jobs';
import { registerEndpoint } from '../src/modules/chain/delivery.service';
import { pseudonymFor } from '../src/modules/chain/pseudonym';
import type { Benchmark, Figure } from './harness';
import { BENCH_CHAIN_ENV, benchConfig } from './production-env';

const INBOUND = BENCH_CHAIN_ENV.CHAIN_INBOUND_SECRET as string;
const [KEY_ID, KEY] = (BENCH_CHAIN_ENV.PSEUDONYM_KEYS as string).split(':') as [string, string];
const SENDER = BENCH_CHAIN_ENV.CHAIN_SENDER_OINS as string;
const CONCURRENCY = 16;

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

/** BSNs passing the elfproef, in sequence. */
function* bsns(): Generator<string> {
  for (let n = 10_000_000; ; n += 1) {
    const digits = String(n).padStart(8, '0');
    let sum = 0;
    for (let i = 0; i < 8; i += 1) {
      sum += (9 - i) * Number(digits[i]);
    }
    if (sum % 11 <= 9) {
      yield `${digits}${sum % 11}`;
    }
  }
}

const percentile = (sorted: number[], p: number): number => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;

/** Closed loop: CONCURRENCY senders POST for `seconds`; returns the send times per key and the count. */
async function load(url: string, seconds: number, next: () => { key: string; headers: Record<string, string>; body: string }) {
  const sentAt = new Map<string, number>();
  const answeredAt = new Map<string, number>();
  const end = Date.now() + seconds * 1000;
  let ok = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < end) {
        const { key, headers, body } = next();
        sentAt.set(key, performance.now());
        const res = await fetch(url, { method: 'POST', headers, body });
        await res.arrayBuffer();
        answeredAt.set(key, performance.now());
        if (res.status === 201) {
          ok += 1;
        } else {
          failed += 1;
        }
      }
    }),
  );
  return { sentAt, answeredAt, ok, failed };
}

/**
 * Issue 17 item 5: POST /notificaties (DUO format, raadpleging of the simulator, person events,
 * outbox) to the municipality's endpoint acknowledging the signed delivery, under a sustained closed
 * loop of 16 senders; against a bare HTTP echo of the same payloads (201, nothing else) in the same run.
 * The load generator shares the server's process (two cores): the ratio is the cost of the chain.
 */
export const chainBenchmark: Benchmark = {
  name: 'chain',
  async run({ databaseUrl, quick }): Promise<Figure[]> {
    const seconds = quick ? 3 : 10;
    const sim = await startDuoSimulator({ derive: true });
    const ds = createDataSource({ url: databaseUrl, poolSize: 10 });
    await initialise(ds);
    const config = benchConfig({ LOG_LEVEL: 'warn', CHAIN_SOURCE_URL: sim.url });
    // Delivery runs on the job queue, as in main.ts (decision 1510).
    const jobs = await JobQueue.start(ds, { queues: chainQueues, log: logger });
    await startChainWorkers(jobs, ds, config.chain.delivery);
    const app = await createApp({ config, dataSource: ds, verifier: await createTokenVerifier(config), jobs });
    const codes = (await ds.query<{ code: string }[]>('SELECT code FROM municipalities ORDER BY code LIMIT 8')).map((r) => r.code);
    const acked = new Map<string, number>();
    const receiver = http.createServer((req, res) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString('utf8')));
      req.on('end', () => {
        const body = JSON.parse(data) as DeliveredNotification;
        acked.set(body.data.subjectId, performance.now());
        res.writeHead(204).end();
      });
    });
    const echo = http.createServer((req, res) => {
      req.on('data', () => undefined);
      req.on('end', () => res.writeHead(201, { 'API-Version': '1.8.0' }).end());
    });
    const receiverUrl = await listen(receiver);
    const echoUrl = await listen(echo);
    const engineUrl = await listen(app.httpServer);
    const ctx = systemContext(ds);
    for (const code of codes) {
      await registerEndpoint(ctx, { municipalityCode: code, url: `${receiverUrl}/hook/${code}` });
    }
    const numbers = bsns();
    let i = 0;
    const payload = () => {
      const bsn = numbers.next().value as string;
      const code = codes[i++ % codes.length] as string;
      return {
        key: pseudonymFor(KEY_ID, Buffer.from(KEY, 'utf8'), 'bsn', bsn),
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${INBOUND}`,
          bron: SENDER,
          doel: oinForMunicipality(code),
          berichtId: crypto.randomUUID(),
        },
        body: JSON.stringify({ gebeurtenisId: 'SS139', registratieDatumTijd: new Date().toISOString(), bsn }),
      };
    };
    try {
      const started = performance.now();
      const engine = await load(`${engineUrl}/notificaties`, seconds, payload);
      // Drain: wait (on readiness, bounded) until every accepted notification was acknowledged.
      const deadline = Date.now() + 60_000;
      while (acked.size < engine.ok && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const lastAck = Math.max(...acked.values());
      const latencies = [...acked.entries()].map(([key, at]) => at - (engine.sentAt.get(key) ?? at)).sort((a, b) => a - b);
      // Where the time goes: the answer to the POST (inbound, in the request) and the rest (delivery).
      const answers = [...engine.answeredAt.entries()].map(([key, at]) => at - (engine.sentAt.get(key) ?? at)).sort((a, b) => a - b);
      const afterAnswer = [...acked.entries()].map(([key, at]) => at - (engine.answeredAt.get(key) ?? at)).sort((a, b) => a - b);
      const echoRun = await load(echoUrl, seconds, payload);
      const engineRate = acked.size / ((lastAck - started) / 1000);
      const echoRate = echoRun.ok / seconds;
      const size = `${engine.ok} notifications to ${codes.length} municipalities, ${CONCURRENCY} concurrent senders, ${seconds} s`;
      return [
        {
          name: 'chain notification latency p50 (POST /notificaties → receiver ack)',
          value: Math.round(percentile(latencies, 0.5)),
          unit: 'ms',
          dataSize: size,
        },
        {
          name: 'chain notification latency p99 (POST /notificaties → receiver ack)',
          value: Math.round(percentile(latencies, 0.99)),
          unit: 'ms',
          dataSize: size,
        },
        {
          name: 'chain POST /notificaties answer p50 / p99 (inbound part)',
          value: Math.round(percentile(answers, 0.5)),
          unit: 'ms',
          dataSize: size,
          notes: `p99 ${Math.round(percentile(answers, 0.99))} ms`,
        },
        {
          name: 'chain delivery after the answer p50 / p99 (outbox → receiver ack)',
          value: Math.round(percentile(afterAnswer, 0.5)),
          unit: 'ms',
          dataSize: size,
          notes: `p99 ${Math.round(percentile(afterAnswer, 0.99))} ms`,
        },
        {
          name: 'chain end-to-end throughput',
          value: Math.round(engineRate),
          unit: 'notifications/s',
          baseline: { name: 'bare HTTP echo of the same payloads', value: Math.round(echoRate), unit: 'requests/s' },
          ratio: Number((engineRate / echoRate).toFixed(4)),
          ratioMeaning: 'engine / echo (1 = as fast as an echo)',
          dataSize: size,
          notes: `${engine.failed} refused, ${engine.ok - acked.size} not acknowledged within 60 s`,
        },
      ];
    } finally {
      await jobs.stop(5000);
      await new Promise<void>((resolve) => app.httpServer.close(() => resolve()));
      receiver.close();
      echo.close();
      await sim.close();
      await ds.destroy();
    }
  },
};
