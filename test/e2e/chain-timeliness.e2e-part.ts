import { createTestApp, type TestApp } from '../helpers/test-app';
import { notificationTimeliness, timelinessInFlight } from '../../src/modules/chain/outbox.service';
import { Role } from '../../src/common/auth/actor';

/**
 * Decision 1830: the timeliness view selects notifications by a range of instants (local midnight
 * of `from` up to local midnight after `to`, Europe/Amsterdam) over an index, instead of the local
 * date of every notification, and takes both percentiles of one ordering from one sort. On
 * notifications placed around local midnights, both DST changes and at random, every period gives
 * exactly what the local-date form gave; a controller still sees only its own municipality; requests
 * that arrive together share one computation.
 */
const CODES = ['GM0363', 'GM0344', 'GM0518', 'GM0599'];

/** The form before decision 1830, kept here as the reference. */
const REFERENCE = `WITH d AS (
   SELECT municipality_code, extract(epoch FROM received_at - occurred_at) AS recv, extract(epoch FROM created_at - occurred_at) AS notify
     FROM chain_notifications
    WHERE received_at IS NOT NULL
      AND (occurred_at AT TIME ZONE 'Europe/Amsterdam')::date BETWEEN $1::date AND $2::date
      AND ($3::varchar[] IS NULL OR municipality_code = ANY($3::varchar[])))
 SELECT municipality_code AS "municipalityCode", count(*)::int AS count,
        ceil(percentile_disc(0.5) WITHIN GROUP (ORDER BY recv))::int AS "receiveP50Seconds",
        ceil(percentile_disc(0.9) WITHIN GROUP (ORDER BY recv))::int AS "receiveP90Seconds",
        ceil(percentile_disc(0.5) WITHIN GROUP (ORDER BY notify))::int AS "notifyP50Seconds",
        ceil(percentile_disc(0.9) WITHIN GROUP (ORDER BY notify))::int AS "notifyP90Seconds",
        ceil(max(notify))::int AS "maxNotifySeconds"
   FROM d GROUP BY municipality_code ORDER BY municipality_code`;

describe('chain timeliness over the occurred_at index', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    // Local midnights (winter and summer time) and the DST changes of 2026, a microsecond either
    // side; then 3,000 notifications at random moments of 2025-2027, some never received.
    const edges = [
      '2026-01-01T00:00:00+01:00',
      '2026-03-29T00:00:00+01:00',
      '2026-03-29T03:00:00+02:00',
      '2026-03-30T00:00:00+02:00',
      '2026-06-30T00:00:00+02:00',
      '2026-07-01T00:00:00+02:00',
      '2026-10-25T00:00:00+02:00',
      '2026-10-25T02:30:00+01:00',
      '2026-10-26T00:00:00+01:00',
      '2026-12-31T00:00:00+01:00',
      '2027-01-01T00:00:00+01:00',
    ];
    await t.dataSource.query(
      `INSERT INTO chain_notifications (municipality_code, event_type, subject_id, occurred_at, received_at, created_at)
       SELECT ($1::varchar[])[(n % 4)::int + 1], 'PERSON_MOVED', 'edge-' || n || '-' || d, e + d * interval '1 microsecond',
              e + d * interval '1 microsecond' + (n::int * 7 + 1) * interval '1.5 second', e + (n::int * 13 + 5) * interval '1.25 second'
         FROM unnest($2::timestamptz[]) WITH ORDINALITY AS x(e, n), unnest(ARRAY[-1, 0, 1]) AS d`,
      [CODES, edges],
    );
    await t.dataSource.query(
      `INSERT INTO chain_notifications (municipality_code, event_type, subject_id, occurred_at, received_at, created_at)
       SELECT ($1::varchar[])[1 + (hashtext(g::text) & 3)], 'PERSON_HOUSED', 'random-' || g, o,
              CASE WHEN g % 10 = 0 THEN NULL ELSE o + (abs(hashtext('r' || g)::bigint) % 86400000)::int * interval '1 millisecond' END,
              o + (abs(hashtext('c' || g)::bigint) % 172800000)::int * interval '1 millisecond'
         FROM generate_series(1, 3000) AS g,
              LATERAL (SELECT '2025-01-01T00:00:00Z'::timestamptz + (abs(hashtext('o' || g)::bigint) % 94608000)::int * interval '1 second' AS o) x`,
      [CODES],
    );
  }, 300_000);
  afterAll(() => t?.close());

  it('gives exactly the local-date form for every period, the DST changes and midnights included', async () => {
    const periods: [string, string][] = [
      ['2026-01-01', '2026-06-30'],
      ['2026-03-29', '2026-03-29'],
      ['2026-03-28', '2026-03-29'],
      ['2026-03-30', '2026-06-30'],
      ['2026-10-25', '2026-10-25'],
      ['2026-10-24', '2026-10-26'],
      ['2026-07-01', '2026-12-31'],
      ['2027-01-01', '2027-12-31'],
      ['2025-01-01', '2027-12-31'],
      ['2026-06-30', '2026-06-30'],
    ];
    let rows = 0;
    for (const [from, to] of periods) {
      for (const codes of [null, ['GM0363'], ['GM0344', 'GM0599']]) {
        const got = await notificationTimeliness(t.ctx(), { from, to, municipalityCodes: codes });
        expect(got).toEqual(await t.dataSource.query(REFERENCE, [from, to, codes]));
        rows += got.reduce((n, r) => n + r.count, 0);
      }
    }
    expect(rows).toBeGreaterThan(2_000);
  });

  it('keeps a controller to its own municipality', async () => {
    const ctl = t.ctx(Role.MUNICIPAL_CONTROLLER, 'GM0363');
    const own = await notificationTimeliness(ctl, { from: '2026-01-01', to: '2026-12-31' });
    expect(own.map((r) => r.municipalityCode)).toEqual(['GM0363']);
    expect(own).toEqual(await t.dataSource.query(REFERENCE, ['2026-01-01', '2026-12-31', ['GM0363']]));
    await expect(
      notificationTimeliness(ctl, { from: '2026-01-01', to: '2026-12-31', municipalityCodes: ['GM0344'] }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('shares one computation between requests that arrive together, per period and scope, and keeps nothing after', async () => {
    const input = { from: '2026-01-01', to: '2026-12-31' };
    const before = timelinessInFlight.computed;
    const [a, b, c] = await Promise.all([
      notificationTimeliness(t.ctx(), input),
      notificationTimeliness(t.ctx(Role.AUDITOR), input),
      notificationTimeliness(t.ctx(Role.MUNICIPAL_CONTROLLER, 'GM0363'), input),
    ]);
    // Finance and auditor share one (all municipalities); the controller's own scope is another.
    expect(timelinessInFlight.computed - before).toBe(2);
    expect(b).toEqual(a);
    expect(c).toEqual(a.filter((r) => r.municipalityCode === 'GM0363'));
    await notificationTimeliness(t.ctx(), input);
    expect(timelinessInFlight.computed - before).toBe(3);
  });
});
