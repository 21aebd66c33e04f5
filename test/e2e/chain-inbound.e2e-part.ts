import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type OpenAPIBackend from 'openapi-backend';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { duoEventIds, duoSpec, validBsn } from '../helpers/duo-m2m';
import { startDuoSimulator, oinForMunicipality, type DuoSimulator, type SimulatedPerson } from '../../src/modules/chain';
import { pseudonymFor } from '../../src/modules/chain/pseudonym';
import { logger } from '../../src/common/logger';

/**
 * Issue 17 items 1, 2 and 4: DUO notifications in, through the real HTTP server, validated against
 * DUO's own OpenAPI files (requests, answers, and the simulator's answers to the raadpleging).
 */
const SECRET = 'chain-test-inbound-secret-0123456789abcdef';
const KEY = 'chain-test-pseudonym-key-0123456789abcdef';
const SENDER = '00000001800000000001';
const OWN = 'GM0363';
const OTHER = 'GM0344';

const asiel = (begindatum: string): SimulatedPerson['doelgroep'] => ({
  indeling: 'Asielstatushouder',
  gedetailleerdeDoelgroep: 'Asielstatushouder',
  begindatum,
});
const gezin = (begindatum: string): SimulatedPerson['doelgroep'] => ({
  indeling: 'Gezinsmigrant en overige migrant',
  gedetailleerdeDoelgroep: 'Gezinsvormer',
  begindatum,
});
const overig = (begindatum: string): SimulatedPerson['doelgroep'] => ({
  indeling: 'Gezinsmigrant en overige migrant',
  gedetailleerdeDoelgroep: 'Geestelijk bedienaar',
  begindatum,
});

describe('POST /notificaties (DUO Notificatie API)', () => {
  let t: TestApp;
  let sim: DuoSimulator;
  let base: string;
  let notificatieSpec: OpenAPIBackend;
  let plichtSpec: OpenAPIBackend;
  const sentBsns = new Set<string>();
  const responses: string[] = [];
  const logLines: string[] = [];
  let restoreStdout: () => void;

  beforeAll(async () => {
    notificatieSpec = await duoSpec('API_Notificatie_openapi.yml');
    plichtSpec = await duoSpec('API_Inburgeringsplicht_openapi.yml');
    sim = await startDuoSimulator();
    // Every log line of the run, at the most verbose level, is kept to be searched for BSNs.
    const write = process.stdout.write.bind(process.stdout);
    const previousLevel = logger.level;
    logger.level = 'trace';
    process.stdout.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
      logLines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      void rest;
      return true;
    };
    restoreStdout = () => {
      process.stdout.write = write;
      logger.level = previousLevel;
    };
    t = await createTestApp({
      env: { CHAIN_SOURCE_URL: sim.url, CHAIN_INBOUND_SECRET: SECRET, PSEUDONYM_KEYS: `k1:${KEY}`, CHAIN_SENDER_OINS: SENDER },
    });
    await new Promise<void>((resolve) => t.app.httpServer.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(t.app.httpServer.address() as AddressInfo).port}`;
  }, 600_000);

  afterAll(async () => {
    restoreStdout?.();
    await new Promise<void>((resolve) => t.app.httpServer.close(() => resolve()));
    await t.close();
    await sim.close();
  });

  interface Sent {
    status: number;
    headers: Record<string, string>;
    body: string;
  }

  /** Posts a notification; checks the request (when meant valid) and every answer against DUO's spec. */
  async function notify(
    body: Record<string, unknown>,
    options: {
      doel?: string;
      bron?: string;
      berichtId?: string;
      secret?: string | null;
      valid?: boolean;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Sent & { berichtId: string }> {
    const berichtId = options.berichtId ?? crypto.randomUUID();
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      bron: options.bron ?? SENDER,
      doel: options.doel ?? oinForMunicipality(OWN),
      berichtid: berichtId,
      ...(options.secret === null ? {} : { authorization: `Bearer ${options.secret ?? SECRET}` }),
      ...options.headers,
    };
    if (typeof body.bsn === 'string') {
      sentBsns.add(body.bsn);
    }
    if (options.valid !== false) {
      const check = notificatieSpec.validateRequest({ method: 'post', path: '/notificaties', headers, body }, 'opvoerenNotificatie');
      expect(check.errors ?? []).toEqual([]);
    }
    const res = await fetch(`${base}/notificaties`, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await res.text();
    responses.push(text);
    const resHeaders = Object.fromEntries(res.headers.entries());
    const headerCheck = notificatieSpec.validateResponseHeaders(resHeaders, 'opvoerenNotificatie', { statusCode: res.status });
    expect(headerCheck.errors ?? []).toEqual([]);
    expect(Object.keys(notificatieSpec.getOperation('opvoerenNotificatie')?.responses ?? {})).toContain(String(res.status));
    if (text !== '') {
      const bodyCheck = notificatieSpec.validateResponse(JSON.parse(text), 'opvoerenNotificatie', res.status);
      expect(bodyCheck.errors ?? []).toEqual([]);
    }
    return { status: res.status, headers: resHeaders, body: text, berichtId };
  }

  const pseudonym = (bsn: string) => pseudonymFor('k1', Buffer.from(KEY, 'utf8'), 'bsn', bsn);
  const eventsOf = (personId: string) =>
    t.dataSource.query<
      {
        type: string;
        date: string;
        category: string | null;
        municipality_code: string | null;
        from_code: string | null;
        to_code: string | null;
        end_reason: string | null;
        status: string;
      }[]
    >(
      `SELECT type, to_char(event_date, 'YYYY-MM-DD') AS date, category, municipality_code, from_code, to_code, end_reason, status
         FROM person_events WHERE person_id = $1 ORDER BY event_date, applied_seq`,
      [personId],
    );

  it('turns an SS101 into an obligation with the consulted doelgroep, and tells the municipality', async () => {
    const bsn = validBsn(1);
    sim.set(bsn, { plicht: { indicatorInburgeringsplicht: true, begindatum: '2029-02-01' }, doelgroep: gezin('2029-02-01') });
    const res = await notify({ gebeurtenisId: 'SS101', registratieDatumTijd: '2029-02-01T09:00:00Z', bsn });
    expect(res.status).toBe(201);
    expect(res.headers['api-version']).toBe('1.8.0');
    expect(await eventsOf(pseudonym(bsn))).toEqual([
      {
        type: 'OBLIGATION_STARTED',
        date: '2029-02-01',
        category: 'GEZINSMIGRANT',
        municipality_code: OWN,
        from_code: null,
        to_code: null,
        end_reason: null,
        status: 'APPLIED',
      },
    ]);
    const feed = await t.dataSource.query(
      'SELECT municipality_code, event_type, subject_id FROM chain_notifications WHERE subject_id = $1',
      [pseudonym(bsn)],
    );
    expect(feed).toEqual([{ municipality_code: OWN, event_type: 'PERSON_OBLIGATION_STARTED', subject_id: pseudonym(bsn) }]);
    expect(sim.calls.slice(-2).map((c) => c.status)).toEqual([200, 200]);
  });

  it('answers a berichtId seen before as before and applies it once; the same id with other content is refused', async () => {
    const bsn = validBsn(2);
    sim.set(bsn, { plicht: { indicatorInburgeringsplicht: true, begindatum: '2029-03-01' }, doelgroep: overig('2029-03-01') });
    const body = { gebeurtenisId: 'SS128', registratieDatumTijd: '2029-03-01T09:00:00Z', bsn };
    const first = await notify(body);
    const again = await Promise.all([notify(body, { berichtId: first.berichtId }), notify(body, { berichtId: first.berichtId })]);
    expect([first.status, ...again.map((a) => a.status)]).toEqual([201, 201, 201]);
    expect(await eventsOf(pseudonym(bsn))).toHaveLength(1);
    const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM chain_inbox WHERE bericht_id = $1', [first.berichtId]);
    expect(n).toBe(1);
    const other = await notify({ ...body, gebeurtenisId: 'SS101' }, { berichtId: first.berichtId });
    expect(other.status).toBe(400);
    expect(JSON.parse(other.body)).toEqual({ fouttekst: 'berichtId is al gebruikt voor een ander bericht' });
  });

  it('accepts, records and ignores every catalogue event it does not map, and unknown ids', async () => {
    const mapped = new Set([
      'SS101',
      'SS128',
      'SS129',
      'SS130',
      'SS139',
      'SS120',
      'SS121',
      'SS124',
      'SS125',
      'SS106',
      'SS107',
      'SS108',
      'SS109',
      'SS110',
      'SS111',
    ]);
    const ignored = [...duoEventIds().filter((id) => !mapped.has(id)), 'ZZ9999'];
    expect(ignored).toEqual(expect.arrayContaining(['SS102', 'SS199', 'SS137']));
    const bsn = validBsn(3);
    for (const gebeurtenisId of ignored) {
      const res = await notify({ gebeurtenisId, registratieDatumTijd: '2029-04-01T09:00:00Z', bsn });
      expect(res.status).toBe(201);
    }
    const rows = await t.dataSource.query<{ outcome: string }[]>('SELECT DISTINCT outcome FROM chain_inbox WHERE person_id = $1', [
      pseudonym(bsn),
    ]);
    expect(rows).toEqual([{ outcome: 'IGNORED' }]);
    expect(await eventsOf(pseudonym(bsn))).toEqual([]);
  });

  it('refuses with the spec’s codes: 401 without the secret, 400 for the document or the elfproef, 403 for bron or doel', async () => {
    const bsn = validBsn(4);
    const body = { gebeurtenisId: 'SS101', registratieDatumTijd: '2029-04-01T09:00:00Z', bsn };
    expect((await notify(body, { secret: null })).status).toBe(401);
    expect((await notify(body, { secret: 'wrong-secret-wrong-secret-wrong-secret' })).status).toBe(401);
    const badBsn = `${bsn.slice(0, 8)}${(Number(bsn[8]) + 1) % 10}`;
    const elf = await notify({ ...body, bsn: badBsn }, { valid: true });
    expect(elf.status).toBe(400);
    expect(JSON.parse(elf.body)).toEqual({ fouttekst: 'bsn voldoet niet aan de elfproef' });
    expect((await notify({ ...body, bsn: '12345678' }, { valid: false })).status).toBe(400);
    expect((await notify({ registratieDatumTijd: body.registratieDatumTijd, bsn }, { valid: false })).status).toBe(400);
    expect((await notify({ ...body, registratieDatumTijd: 'gisteren' }, { valid: false })).status).toBe(400);
    expect((await notify(body, { valid: false, headers: { berichtid: 'not-a-uuid' } })).status).toBe(400);
    expect((await notify(body, { valid: false, headers: { doel: '123' } })).status).toBe(400);
    expect((await notify({ gebeurtenisId: 'SS101', registratieDatumTijd: body.registratieDatumTijd })).status).toBe(400);
    expect((await notify(body, { bron: '00000001999999999999' })).status).toBe(403);
    expect((await notify(body, { doel: '00000001000009999000' })).status).toBe(403);
    const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM chain_inbox WHERE person_id = $1', [pseudonym(bsn)]);
    expect(n).toBe(0);
  });

  it('answers 503 while the source cannot be consulted, records nothing, and applies the notification when sent again', async () => {
    const bsn = validBsn(5);
    sim.set(bsn, { plicht: { indicatorInburgeringsplicht: true, begindatum: '2029-05-02' }, doelgroep: gezin('2029-05-02') });
    const body = { gebeurtenisId: 'SS101', registratieDatumTijd: '2029-05-02T09:00:00Z', bsn };
    sim.setUnavailable(true);
    const down = await notify(body);
    sim.setUnavailable(false);
    expect(down.status).toBe(503);
    expect(await eventsOf(pseudonym(bsn))).toEqual([]);
    const up = await notify(body, { berichtId: down.berichtId });
    expect(up.status).toBe(201);
    expect(await eventsOf(pseudonym(bsn))).toHaveLength(1);
  });

  it('records a V-number notification under a pseudonym; without a BSN the details cannot be consulted', async () => {
    const res = await notify({ gebeurtenisId: 'SS101', registratieDatumTijd: '2029-05-03T09:00:00Z', vNummer: 1234567890 });
    expect(res.status).toBe(201);
    const [row] = await t.dataSource.query('SELECT outcome, person_id FROM chain_inbox WHERE bericht_id = $1', [res.berichtId]);
    expect(row.outcome).toBe('UNRESOLVED');
    expect(row.person_id).toBe(pseudonymFor('k1', Buffer.from(KEY, 'utf8'), 'vnummer', '1234567890'));
  });

  it('the simulator’s answers meet DUO’s Inburgeringsplicht API', async () => {
    const bsn = validBsn(6);
    sim.set(bsn, {
      plicht: {
        indicatorInburgeringsplicht: false,
        begindatum: '2029-01-01',
        einddatum: '2029-06-30',
        redenGeenInburgeringsplicht: 'Overlijden',
      },
      doelgroep: asiel('2029-01-01'),
    });
    for (const [what, operation] of [
      ['inburgeringsplicht', 'getInburgeringsplichtByBsn'],
      ['doelgroep', 'getDoelgroepByBsn'],
    ] as const) {
      const headers = { bron: '00000001800000000002', doel: SENDER, berichtid: crypto.randomUUID() };
      const req = plichtSpec.validateRequest({ method: 'get', path: `/personen/${bsn}/${what}`, headers }, operation);
      expect(req.errors ?? []).toEqual([]);
      const res = await fetch(`${sim.url}/personen/${bsn}/${what}`, { headers });
      expect(res.status).toBe(200);
      expect(plichtSpec.validateResponse(await res.json(), operation, 200).errors ?? []).toEqual([]);
      expect(
        plichtSpec.validateResponseHeaders(Object.fromEntries(res.headers.entries()), operation, { statusCode: 200 }).errors ?? [],
      ).toEqual([]);
      const missing = await fetch(`${sim.url}/personen/${validBsn(7)}/${what}`, { headers });
      expect(missing.status).toBe(404);
      expect(
        plichtSpec.validateResponseHeaders(Object.fromEntries(missing.headers.entries()), operation, { statusCode: 404 }).errors ?? [],
      ).toEqual([]);
    }
  });

  describe('a history from DUO’s event list', () => {
    const Y = 2027;
    const a = validBsn(10);
    const b = validBsn(20);
    const c = validBsn(30);
    /** [bsn, gebeurtenis, municipality (doel), registration date, what the source answers from then on]. */
    const history: [string, string, string, string, SimulatedPerson | null][] = [
      [
        c,
        'SS128',
        OWN,
        `${Y}-01-15`,
        { plicht: { indicatorInburgeringsplicht: true, begindatum: `${Y}-01-15` }, doelgroep: overig(`${Y}-01-15`) },
      ],
      [
        b,
        'SS101',
        OTHER,
        `${Y}-02-01`,
        { plicht: { indicatorInburgeringsplicht: true, begindatum: `${Y}-02-01` }, doelgroep: gezin(`${Y}-02-01`) },
      ],
      [
        a,
        'SS101',
        OWN,
        `${Y}-03-10`,
        { plicht: { indicatorInburgeringsplicht: true, begindatum: `${Y}-03-10` }, doelgroep: asiel(`${Y}-03-10`) },
      ],
      [a, 'SS139', OWN, `${Y}-05-01`, null],
      [
        b,
        'SS125',
        OTHER,
        `${Y}-06-15`,
        { plicht: { indicatorInburgeringsplicht: true, begindatum: `${Y}-02-01` }, doelgroep: asiel(`${Y}-06-15`) },
      ],
      [
        c,
        'SS110',
        OWN,
        `${Y}-08-01`,
        {
          plicht: {
            indicatorInburgeringsplicht: false,
            begindatum: `${Y}-01-15`,
            einddatum: `${Y}-07-31`,
            redenGeenInburgeringsplicht: 'Vertrek uit Nederland langer dan een jaar',
          },
          doelgroep: overig(`${Y}-01-15`),
        },
      ],
      [a, 'SS120', OTHER, `${Y}-09-01`, null],
      [
        b,
        'SS106',
        OTHER,
        `${Y}-11-30`,
        {
          plicht: {
            indicatorInburgeringsplicht: false,
            begindatum: `${Y}-02-01`,
            einddatum: `${Y}-11-30`,
            redenGeenInburgeringsplicht: 'Inburgeringsplicht voldaan',
          },
          doelgroep: asiel(`${Y}-06-15`),
        },
      ],
    ];
    /** The same history as the existing import would take it (docs/import-formats-events.md). */
    const imported = () => {
      const ev = (n: number, bsn: string, date: string, fields: Record<string, string>) => ({
        eventId: `imp-${n}`,
        personId: pseudonym(bsn),
        date,
        source: 'DUO_FILE',
        sourceRecordedAt: `${date}T09:00:00Z`,
        ...fields,
      });
      return [
        ev(1, c, `${Y}-01-15`, { type: 'OBLIGATION_STARTED', category: 'OVERIG', municipalityCode: OWN }),
        ev(2, b, `${Y}-02-01`, { type: 'OBLIGATION_STARTED', category: 'GEZINSMIGRANT', municipalityCode: OTHER }),
        ev(3, a, `${Y}-03-10`, { type: 'OBLIGATION_STARTED', category: 'ASIELSTATUSHOUDER' }),
        ev(4, a, `${Y}-05-01`, { type: 'HOUSED', municipalityCode: OWN }),
        ev(5, b, `${Y}-06-14`, { type: 'OBLIGATION_ENDED', endReason: 'OTHER' }),
        ev(6, b, `${Y}-06-15`, { type: 'OBLIGATION_STARTED', category: 'ASIELSTATUSHOUDER', municipalityCode: OTHER }),
        ev(7, c, `${Y}-07-31`, { type: 'OBLIGATION_ENDED', endReason: 'LEFT_COUNTRY' }),
        ev(8, a, `${Y}-09-01`, { type: 'MOVED', fromCode: OWN, toCode: OTHER }),
        ev(9, b, `${Y}-11-30`, { type: 'OBLIGATION_ENDED', endReason: 'COMPLETED' }),
      ];
    };

    it('becomes the right person events, and every attribution rule counts what the import of the same history counts', async () => {
      for (const [bsn, gebeurtenisId, code, date, answer] of history) {
        if (answer !== null) {
          sim.set(bsn, answer);
        }
        const res = await notify({ gebeurtenisId, registratieDatumTijd: `${date}T09:00:00Z`, bsn }, { doel: oinForMunicipality(code) });
        expect(res.status).toBe(201);
      }
      const people = [a, b, c].map(pseudonym);
      const viaChain = await t.dataSource.query(
        `SELECT person_id AS "personId", type, to_char(event_date, 'YYYY-MM-DD') AS date, category, municipality_code AS "municipalityCode",
                from_code AS "fromCode", to_code AS "toCode", end_reason AS "endReason", status
           FROM person_events WHERE person_id = ANY($1) ORDER BY event_date, applied_seq`,
        [people],
      );
      const expected = imported().map(({ eventId: _e, source: _s, sourceRecordedAt: _r, ...e }) => ({
        category: null,
        municipalityCode: null,
        fromCode: null,
        toCode: null,
        endReason: null,
        ...e,
        status: 'APPLIED',
      }));
      expect(viaChain).toEqual(expected);

      const other = await createTestApp();
      try {
        await other.ok(`mutation($input: ImportPersonEventsInput!) { importPersonEvents(input: $input) { applied } }`, {
          input: { batchKey: 'same-history', events: imported() },
        });
        for (const rule of ['PEILDATUM', 'PRO_RATA_DAYS', 'FIRST_OF_MONTH', 'FIRST_MUNICIPALITY', 'EDUCATION_ROUTE']) {
          const counts = async (app: TestApp) => {
            const run = await app.ok<{ runAttribution: { id: string } }>(`mutation { runAttribution(rule: ${rule}, year: ${Y}) { id } }`);
            const rows = await app.ok<{ attributedCounts: { municipalityCode: string; category: string; units: string; value: string }[] }>(
              `query($id: String!) { attributedCounts(runId: $id) { municipalityCode category units value } }`,
              { id: run.runAttribution.id },
            );
            return rows.attributedCounts
              .filter((r) => r.municipalityCode === OWN || r.municipalityCode === OTHER)
              .sort((x, y) => `${x.municipalityCode}${x.category}`.localeCompare(`${y.municipalityCode}${y.category}`));
          };
          const [chain, file] = [await counts(t), await counts(other)];
          if (rule === 'PRO_RATA_DAYS' || rule === 'FIRST_MUNICIPALITY') {
            expect(chain.length).toBeGreaterThan(0);
          }
          expect({ rule, counts: chain }).toEqual({ rule, counts: file });
        }
      } finally {
        await other.close();
      }

      // Who was told: the municipality gaining or losing the person, in order.
      const told = await t.dataSource.query(
        `SELECT municipality_code AS m, event_type AS e FROM chain_notifications WHERE subject_id = $1 ORDER BY id`,
        [pseudonym(a)],
      );
      expect(told).toEqual([
        { m: OWN, e: 'PERSON_HOUSED' },
        { m: OWN, e: 'PERSON_MOVED_OUT' },
        { m: OTHER, e: 'PERSON_MOVED_IN' },
      ]);
    }, 600_000);
  });

  it('serves each municipality its own feed after a cursor; a controller only its own', async () => {
    const own = await t.tokens.controller(OWN);
    const page = async (after: string | null, token: string) =>
      t.gql<{
        chainNotifications: {
          edges: { node: { id: string; municipalityCode: string; eventType: string; subjectId: string } }[];
          pageInfo: { endCursor: string | null; hasNextPage: boolean };
          totalCount: number;
        };
      }>(
        `query($after: String) { chainNotifications(municipalityCode: "${OWN}", first: 2, after: $after) {
           edges { node { id municipalityCode eventType subjectId } } pageInfo { endCursor hasNextPage } totalCount } }`,
        { after },
        token,
      );
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i += 1) {
      const res = await page(after, own);
      expect(res.errors).toBeUndefined();
      const conn = res.data!.chainNotifications;
      seen.push(...conn.edges.map((e) => e.node.id));
      expect(conn.edges.every((e) => e.node.municipalityCode === OWN)).toBe(true);
      if (!conn.pageInfo.hasNextPage) {
        break;
      }
      after = conn.pageInfo.endCursor;
    }
    const all = await t.dataSource.query<{ id: string }[]>(
      'SELECT id::text AS id FROM chain_notifications WHERE municipality_code = $1 ORDER BY chain_notifications.id',
      [OWN],
    );
    expect(seen).toEqual(all.map((r) => r.id));
    expect(seen.length).toBeGreaterThanOrEqual(4);
    const foreign = await page(null, await t.tokens.controller(OTHER));
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('reports per municipality how late it learned of its people (median, p90)', async () => {
    const res = await t.ok<{
      notificationTimeliness: { municipalityCode: string; count: number; notifyP50Seconds: number; notifyP90Seconds: number }[];
    }>(`{ notificationTimeliness(from: "2027-01-01", to: "2027-12-31") { municipalityCode count notifyP50Seconds notifyP90Seconds } }`);
    const own = res.notificationTimeliness.find((r) => r.municipalityCode === OWN);
    // Nearest rank over the same rows, computed here: ceil(seconds from registration to notification).
    const rows = await t.dataSource.query<{ s: string }[]>(
      `SELECT extract(epoch FROM created_at - occurred_at)::text AS s FROM chain_notifications
        WHERE municipality_code = $1 AND received_at IS NOT NULL
          AND (occurred_at AT TIME ZONE 'Europe/Amsterdam')::date BETWEEN '2027-01-01' AND '2027-12-31' ORDER BY 1`,
      [OWN],
    );
    const delays = rows.map((r) => Number(r.s)).sort((x, y) => x - y);
    const rank = (p: number) => Math.ceil(delays[Math.max(0, Math.ceil(p * delays.length) - 1)] as number);
    expect(own).toEqual({ municipalityCode: OWN, count: delays.length, notifyP50Seconds: rank(0.5), notifyP90Seconds: rank(0.9) });
    expect(delays.length).toBeGreaterThanOrEqual(4);
  });

  it('never stores, logs or returns a BSN it was sent', async () => {
    const inbox = await t.ok<{ chainInbox: { edges: { node: Record<string, unknown> }[] } }>(
      `{ chainInbox(first: 500) { edges { node { berichtId gebeurtenisId municipalityCode personId outcome reason } } } }`,
    );
    expect(inbox.chainInbox.edges.length).toBeGreaterThan(10);
    responses.push(JSON.stringify(inbox));
    const tables = await t.dataSource.query<{ table_name: string }[]>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    let dump = '';
    for (const { table_name } of tables) {
      const rows = await t.dataSource.query<{ r: string }[]>(`SELECT t::text AS r FROM "${table_name}" t`);
      dump += rows.map((r) => r.r).join('\n');
    }
    expect(dump).toContain(pseudonym(validBsnSeen()));
    const logs = logLines.join('');
    expect(logs).toContain('notification received');
    expect(sentBsns.size).toBeGreaterThan(8);
    for (const bsn of sentBsns) {
      expect({ bsn, inTables: dump.includes(bsn) }).toEqual({ bsn, inTables: false });
      expect({ bsn, inLogs: logs.includes(bsn) }).toEqual({ bsn, inLogs: false });
      expect({ bsn, inResponses: responses.some((r) => r.includes(bsn)) }).toEqual({ bsn, inResponses: false });
    }
  });

  function validBsnSeen(): string {
    return [...sentBsns][0] as string;
  }
});
