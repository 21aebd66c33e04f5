import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { graphql } from '../../gql';
import { PageTitle } from '../../components/Layout';
import { ErrorPanel, QueryState } from '../../components/QueryState';
import { formatCount, formatDate, todayInAmsterdam } from '../../format';

const TimelinessQuery = graphql(`
  query ChainTimeliness($from: String!, $to: String!, $codes: [String!]) {
    notificationTimeliness(from: $from, to: $to, municipalityCodes: $codes) {
      municipalityCode
      count
      receiveP50Seconds
      receiveP90Seconds
      notifyP50Seconds
      notifyP90Seconds
      maxNotifySeconds
    }
  }
`);

const ReceptionQuery = graphql(`
  query ChainReception($date: String!) {
    peopleInReception(date: $date, first: 20) {
      totalCount
      longestDays
      edges {
        node {
          personId
          category
          obligationStart
          daysWaiting
        }
      }
    }
  }
`);

const DeliveriesQuery = graphql(`
  query ChainDeliveries($codes: [String!]) {
    chainDeliveries(municipalityCodes: $codes) {
      municipalityCode
      url
      deliveredUpTo
      pending
      attempts
      nextAttemptAt
      lastError
      deadSince
      lastDeliveredAt
    }
  }
`);

const RegisterMutation = graphql(`
  mutation ChainRegisterEndpoint($code: String!, $url: String!) {
    registerChainEndpoint(municipalityCode: $code, url: $url) {
      municipalityCode
      url
      secret
    }
  }
`);

const TestMutation = graphql(`
  mutation ChainTestEndpoint($code: String!) {
    testChainEndpoint(municipalityCode: $code) {
      ok
      status
      error
    }
  }
`);

const ReplayMutation = graphql(`
  mutation ChainReplayDeliveries($code: String!) {
    replayChainDeliveries(municipalityCode: $code) {
      municipalityCode
      deadSince
      pending
    }
  }
`);

export type ChainRole = 'finance' | 'controller' | 'auditor';

const today = () => todayInAmsterdam();
const yearStart = () => `${today().slice(0, 4)}-01-01`;
const seconds = (s: number | null | undefined) => (s === null || s === undefined ? '–' : formatCount(s));

/**
 * The chain (issue 17 item 5): per municipality how late it learned of its people (median, p90),
 * who is obliged but in no municipality's view yet (ministry roles), the delivery to registered
 * endpoints with the parked ones (replay: finance officer), and registering and testing an endpoint
 * (a controller its own, a finance officer any). A controller sees its own municipality only.
 */
export function Chain({ role, municipalityCode }: { role: ChainRole; municipalityCode?: string }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(yearStart());
  const [to, setTo] = useState(today());
  const codes = municipalityCode === undefined ? null : [municipalityCode];
  const [timeliness, refetchTimeliness] = useQuery({ query: TimelinessQuery, variables: { from, to, codes } });
  const rows = timeliness.data?.notificationTimeliness ?? [];
  const chartData = rows.map((r) => ({ name: r.municipalityCode, p50: r.notifyP50Seconds ?? 0, p90: r.notifyP90Seconds ?? 0 }));

  return (
    <>
      <PageTitle title={t('chain.heading')}>{t('chain.heading')}</PageTitle>
      <p className="muted">{t('chain.intro')}</p>

      <section aria-labelledby="chain-timeliness">
        <h2 id="chain-timeliness">{t('chain.timeliness.heading')}</h2>
        <div className="toolbar">
          <label>
            {t('chain.timeliness.from')} <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>{' '}
          <label>
            {t('chain.timeliness.to')} <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
        </div>
        <QueryState
          fetching={timeliness.fetching}
          error={timeliness.error}
          retry={() => refetchTimeliness({ requestPolicy: 'network-only' })}
        >
          {rows.length === 0 ? (
            <p className="muted">{t('chain.timeliness.none')}</p>
          ) : (
            <>
              <div
                className="fin-chart"
                role="img"
                aria-label={t('chain.timeliness.chartLabel', { count: rows.length })}
                data-testid="chain-chart"
              >
                <ResponsiveContainer width="100%" height={240}>
                  <BarChart data={chartData} margin={{ left: 8, right: 24, top: 8, bottom: 8 }}>
                    <CartesianGrid strokeDasharray="3 3" vertical={false} />
                    <XAxis dataKey="name" />
                    <YAxis tickFormatter={(v: number) => formatCount(v)} />
                    <Tooltip />
                    <Legend />
                    <Bar dataKey="p50" name={t('chain.timeliness.p50')} fill="#0969da" isAnimationActive={false} />
                    <Bar dataKey="p90" name={t('chain.timeliness.p90')} fill="#9a6700" isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </div>
              <table data-testid="chain-timeliness">
                <thead>
                  <tr>
                    <th scope="col">{t('chain.municipality')}</th>
                    <th scope="col">{t('chain.timeliness.count')}</th>
                    <th scope="col">{t('chain.timeliness.p50')}</th>
                    <th scope="col">{t('chain.timeliness.p90')}</th>
                    <th scope="col">{t('chain.timeliness.receiveP50')}</th>
                    <th scope="col">{t('chain.timeliness.max')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.municipalityCode}>
                      <td>{r.municipalityCode}</td>
                      <td className="num">{formatCount(r.count)}</td>
                      <td className="num">{seconds(r.notifyP50Seconds)}</td>
                      <td className="num">{seconds(r.notifyP90Seconds)}</td>
                      <td className="num">{seconds(r.receiveP50Seconds)}</td>
                      <td className="num">{seconds(r.maxNotifySeconds)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </QueryState>
      </section>

      {role !== 'controller' ? <Reception date={to} /> : null}
      <Deliveries role={role} codes={codes} />
      {role !== 'auditor' ? <Endpoint fixedCode={municipalityCode} /> : null}
    </>
  );
}

/** Obliged on the date but in no municipality's view yet, and for how long (national: ministry roles). */
function Reception({ date }: { date: string }) {
  const { t } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ReceptionQuery, variables: { date } });
  const view = data?.peopleInReception;
  return (
    <section aria-labelledby="chain-reception">
      <h2 id="chain-reception">{t('chain.reception.heading')}</h2>
      <QueryState fetching={fetching} error={error} retry={() => refetch({ requestPolicy: 'network-only' })}>
        {view ? (
          <>
            <p data-testid="chain-reception-summary">
              {t('chain.reception.summary', {
                n: formatCount(view.totalCount),
                date: formatDate(date),
                longest: formatCount(view.longestDays ?? 0),
              })}
            </p>
            {view.edges.length > 0 ? (
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('chain.reception.person')}</th>
                    <th scope="col">{t('chain.reception.category')}</th>
                    <th scope="col">{t('chain.reception.start')}</th>
                    <th scope="col">{t('chain.reception.days')}</th>
                  </tr>
                </thead>
                <tbody>
                  {view.edges.map(({ node }) => (
                    <tr key={node.personId}>
                      <td>
                        <code>{node.personId.slice(0, 16)}…</code>
                      </td>
                      <td>{node.category}</td>
                      <td>{formatDate(node.obligationStart)}</td>
                      <td className="num">{formatCount(node.daysWaiting)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </>
        ) : null}
      </QueryState>
    </section>
  );
}

/** Delivery to the registered endpoints; parked ones (the dead-letter list) are replayed by a finance officer. */
function Deliveries({ role, codes }: { role: ChainRole; codes: string[] | null }) {
  const { t } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: DeliveriesQuery,
    variables: { codes },
    requestPolicy: 'cache-and-network',
  });
  const [replay, replayNow] = useMutation(ReplayMutation);
  const list = data?.chainDeliveries ?? [];
  const parked = list.filter((d) => d.deadSince !== null && d.deadSince !== undefined);
  return (
    <section aria-labelledby="chain-deliveries">
      <h2 id="chain-deliveries">{t('chain.deliveries.heading')}</h2>
      <p className="muted" data-testid="chain-parked">
        {t('chain.deliveries.parked', { count: parked.length })}
      </p>
      {replay.error ? <ErrorPanel error={replay.error} /> : null}
      <QueryState fetching={fetching} error={error} retry={() => refetch({ requestPolicy: 'network-only' })}>
        {list.length === 0 ? (
          <p className="muted">{t('chain.deliveries.none')}</p>
        ) : (
          <table data-testid="chain-deliveries">
            <thead>
              <tr>
                <th scope="col">{t('chain.municipality')}</th>
                <th scope="col">{t('chain.deliveries.url')}</th>
                <th scope="col">{t('chain.deliveries.pending')}</th>
                <th scope="col">{t('chain.deliveries.attempts')}</th>
                <th scope="col">{t('chain.deliveries.lastError')}</th>
                <th scope="col">{t('chain.deliveries.state')}</th>
                {role === 'finance' ? <th scope="col">{t('chain.deliveries.action')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {list.map((d) => (
                <tr key={d.municipalityCode}>
                  <td>{d.municipalityCode}</td>
                  <td>
                    <code>{d.url}</code>
                  </td>
                  <td className="num">{formatCount(d.pending)}</td>
                  <td className="num">{formatCount(d.attempts)}</td>
                  <td>{d.lastError ?? '–'}</td>
                  <td>
                    {d.deadSince
                      ? t('chain.deliveries.parkedSince', { date: formatDate(String(d.deadSince).slice(0, 10)) })
                      : t('chain.deliveries.active')}
                  </td>
                  {role === 'finance' ? (
                    <td>
                      {d.deadSince ? (
                        <button
                          type="button"
                          disabled={replay.fetching}
                          onClick={() =>
                            void replayNow({ code: d.municipalityCode }).then(() => refetch({ requestPolicy: 'network-only' }))
                          }
                        >
                          {t('chain.deliveries.replay')}
                        </button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </section>
  );
}

/** Registering (the signing secret is shown once) and testing an endpoint: a controller its own, a finance officer any. */
function Endpoint({ fixedCode }: { fixedCode?: string }) {
  const { t } = useTranslation();
  const [code, setCode] = useState(fixedCode ?? '');
  const [url, setUrl] = useState('');
  const [registered, register] = useMutation(RegisterMutation);
  const [tested, test] = useMutation(TestMutation);
  const result = registered.data?.registerChainEndpoint;
  const outcome = tested.data?.testChainEndpoint;
  return (
    <section aria-labelledby="chain-endpoint">
      <h2 id="chain-endpoint">{t('chain.endpoint.heading')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void register({ code, url });
        }}
      >
        {fixedCode === undefined ? (
          <label>
            {t('chain.municipality')} <input value={code} onChange={(e) => setCode(e.target.value.trim())} placeholder="GM0363" required />
          </label>
        ) : null}{' '}
        <label>
          {t('chain.endpoint.url')} <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} size={50} required />
        </label>{' '}
        <button type="submit" disabled={registered.fetching}>
          {t('chain.endpoint.register')}
        </button>{' '}
        <button type="button" disabled={tested.fetching || code === ''} onClick={() => void test({ code })}>
          {t('chain.endpoint.test')}
        </button>
      </form>
      {registered.error ? <ErrorPanel error={registered.error} /> : null}
      {result ? (
        <p role="status" data-testid="chain-secret">
          {t('chain.endpoint.registered', { url: result.url })} <code>{result.secret}</code>
        </p>
      ) : null}
      {tested.error ? <ErrorPanel error={tested.error} /> : null}
      {outcome ? (
        <p role="status" data-testid="chain-test">
          {outcome.ok
            ? t('chain.endpoint.testOk', { status: outcome.status ?? '' })
            : t('chain.endpoint.testFailed', { error: outcome.error ?? '' })}
        </p>
      ) : null}
    </section>
  );
}
