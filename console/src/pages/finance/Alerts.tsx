import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import { AlertCondition } from '../../gql/graphql';
import { PageTitle } from '../../components/Layout';
import { DataTable } from '../../components/DataTable';
import { QueryState } from '../../components/QueryState';
import { fieldErrors, graphqlErrors } from '../../client';
import { formatDate, formatMoney } from '../../format';
import { subscriptionInput, useAlertTable } from '../alerts/alert-table';
import { ResumedHistory } from '../alerts/ResumedHistory';
import './finance.css';

const AlertsQuery = graphql(`
  query FinanceAlerts {
    alerts(first: 200) {
      totalCount
      edges {
        node {
          id
          subscriptionId
          condition
          kind
          subject
          municipalityCode
          evidence
          evaluatedAt
        }
      }
    }
    alertSubscriptions {
      id
      condition
      municipalityCode
      schemeCode
      year
      days
      threshold
      allocationRunId
      source
      subscriber
      createdAt
      cancelledAt
      cancellations {
        resumedAt
        resumedBy
      }
    }
  }
`);

const FinanceCancel = graphql(`
  mutation FinanceCancelAlertSubscription($input: CancelAlertSubscriptionInput!) {
    cancelAlertSubscription(input: $input) {
      replayed
      cleared {
        id
      }
    }
  }
`);

const FinanceResume = graphql(`
  mutation FinanceResumeAlertSubscription($input: ResumeAlertSubscriptionInput!) {
    resumeAlertSubscription(input: $input) {
      replayed
      subscription {
        id
      }
    }
  }
`);

const Subscribe = graphql(`
  mutation FinanceSubscribeAlert($input: SubscribeAlertInput!) {
    subscribeAlert(input: $input) {
      replayed
      subscription {
        id
      }
    }
  }
`);

const Evaluate = graphql(`
  mutation FinanceEvaluateAlerts {
    evaluateAlerts {
      subscriptions
      problems
      alerts {
        id
      }
    }
  }
`);

/** Which fields each condition asks for (the API refuses the others, naming them). */
const FIELDS: Record<
  AlertCondition,
  readonly ('municipalityCode' | 'schemeCode' | 'year' | 'days' | 'threshold' | 'allocationRunId' | 'source')[]
> = {
  DEADLINE_APPROACHING: ['municipalityCode', 'schemeCode', 'year', 'days'],
  REPORT_OVERDUE: ['municipalityCode', 'schemeCode', 'year'],
  RECOVERY_ABOVE_THRESHOLD: ['municipalityCode', 'allocationRunId', 'threshold'],
  OVERRUN_RANGE_CROSSES_BUDGET: ['allocationRunId'],
  PERSON_WAITING_TOO_LONG: ['days'],
  FEED_SILENT: ['source', 'days'],
};

/**
 * Alerts raised and cleared, the subscriptions (each with cancel or resume: a finance officer may
 * change any, decisions 1340, 1910), a form to subscribe, and "evaluate now".
 */
export function Alerts() {
  const { t } = useTranslation();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: AlertsQuery });
  const [subscribed, subscribe] = useMutation(Subscribe);
  const [evaluated, evaluate] = useMutation(Evaluate);
  const [cancelled, cancel] = useMutation(FinanceCancel);
  const [resumed, resume] = useMutation(FinanceResume);
  const [lastChange, setLastChange] = useState<'cancel' | 'resume' | null>(null);
  const [condition, setCondition] = useState<AlertCondition>(AlertCondition.RecoveryAboveThreshold);
  const [values, setValues] = useState<Record<string, string>>({});
  const [localError, setLocalError] = useState<Record<string, string>>({});
  const ids = {
    condition: useId(),
    municipalityCode: useId(),
    schemeCode: useId(),
    year: useId(),
    days: useId(),
    threshold: useId(),
    allocationRunId: useId(),
    source: useId(),
  };
  const conditionLabel = (c: string) => t(`finance.alerts.condition.${c as AlertCondition}`);
  const { rows, columns } = useAlertTable(data?.alerts.edges, true);
  const apiErrors = subscribed.error ? fieldErrors(graphqlErrors(subscribed.error)) : {};
  const errorOf = (field: string) => localError[field] ?? apiErrors[field];
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const { input, problems } = subscriptionInput(t, condition, FIELDS[condition], values);
    setLocalError(problems);
    if (Object.keys(problems).length > 0) {
      return;
    }
    const result = await subscribe({ input: input as never });
    if (!result.error) {
      setValues({});
      reexecute({ requestPolicy: 'network-only' });
    }
  };
  // A new key per click: a resumed subscription may be cancelled again (a fixed key would replay the first cancellation).
  const onChange = async (kind: 'cancel' | 'resume', id: string) => {
    setLastChange(kind);
    const input = { id, idempotencyKey: crypto.randomUUID() };
    const result = kind === 'cancel' ? await cancel({ input }) : await resume({ input });
    if (!result.error) {
      reexecute({ requestPolicy: 'network-only' });
    }
  };
  const changing = cancelled.fetching || resumed.fetching;
  const changeError = lastChange === 'cancel' ? cancelled.error : lastChange === 'resume' ? resumed.error : undefined;
  const onEvaluate = async () => {
    await evaluate({});
    reexecute({ requestPolicy: 'network-only' });
  };
  const field = (name: (typeof FIELDS)[AlertCondition][number], inputMode: 'text' | 'numeric' | 'decimal' = 'text') => (
    <label htmlFor={ids[name]} key={name}>
      {t(`finance.alerts.field.${name}`)}
      <input
        id={ids[name]}
        inputMode={inputMode}
        value={values[name] ?? ''}
        onChange={(e) => setValues({ ...values, [name]: e.target.value })}
        aria-invalid={errorOf(name) !== undefined}
      />
      {errorOf(name) !== undefined && (
        <span className="field-error" role="alert">
          {errorOf(name)}
        </span>
      )}
    </label>
  );
  return (
    <>
      <PageTitle title={t('nav.finance.alerts')}>{t('finance.alerts.heading')}</PageTitle>
      <p className="muted">{t('finance.alerts.intro')}</p>
      <QueryState fetching={fetching && data === undefined} error={error} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        <div className="toolbar">
          <button type="button" onClick={() => void onEvaluate()} disabled={evaluated.fetching}>
            {t('finance.alerts.evaluate')}
          </button>
          {evaluated.data && (
            <span role="status" data-testid="alerts-evaluated">
              {t('finance.alerts.evaluated', {
                subscriptions: evaluated.data.evaluateAlerts.subscriptions,
                count: evaluated.data.evaluateAlerts.alerts.length,
              })}
            </span>
          )}
        </div>
        <DataTable
          caption={t('finance.alerts.caption')}
          data={rows}
          columns={columns}
          rowKey={(r) => r.id}
          testId="alerts-table"
          empty={t('finance.alerts.none')}
        />
        <h2>{t('finance.alerts.subscriptions')}</h2>
        <ul data-testid="alert-subscriptions">
          {(data?.alertSubscriptions ?? []).map((s) => (
            <li key={s.id} data-testid={`subscription-${s.id}`}>
              {conditionLabel(s.condition)} · {s.municipalityCode ?? t('finance.alerts.everyMunicipality')}
              {s.schemeCode ? ` · ${s.schemeCode} ${s.year}` : ''}
              {s.days != null ? ` · ${t('finance.alerts.daysValue', { count: s.days })}` : ''}
              {s.threshold ? ` · ${formatMoney(s.threshold)}` : ''}
              {s.source ? ` · ${s.source}` : ''} <span className="muted">({s.subscriber})</span>{' '}
              {s.cancelledAt && <span className="muted">{t('finance.alerts.cancelled', { date: formatDate(s.cancelledAt) })} </span>}
              <ResumedHistory id={s.id} cancellations={s.cancellations} />
              <button type="button" onClick={() => void onChange(s.cancelledAt ? 'resume' : 'cancel', s.id)} disabled={changing}>
                {s.cancelledAt ? t('finance.alerts.resume') : t('finance.alerts.cancel')}
              </button>
            </li>
          ))}
        </ul>
        {changeError && (
          <p className="field-error" role="alert">
            {graphqlErrors(changeError)[0]?.message}
          </p>
        )}
        {lastChange === 'cancel' && cancelled.data && !cancelled.error && (
          <p role="status" data-testid="alert-subscription-cancelled">
            {t('finance.alerts.cancelDone', { count: cancelled.data.cancelAlertSubscription.cleared.length })}
          </p>
        )}
        {lastChange === 'resume' && resumed.data && !resumed.error && (
          <p role="status" data-testid="alert-subscription-resumed">
            {t('finance.alerts.resumeDone')}
          </p>
        )}
        <h2>{t('finance.alerts.subscribe')}</h2>
        <form className="form" onSubmit={(e) => void onSubmit(e)} data-testid="alert-subscribe-form">
          <label htmlFor={ids.condition}>
            {t('finance.alerts.conditionHeader')}
            <select id={ids.condition} value={condition} onChange={(e) => setCondition(e.target.value as AlertCondition)}>
              {Object.values(AlertCondition).map((c) => (
                <option key={c} value={c}>
                  {conditionLabel(c)}
                </option>
              ))}
            </select>
          </label>
          {FIELDS[condition].map((name) =>
            field(name, name === 'year' || name === 'days' ? 'numeric' : name === 'threshold' ? 'decimal' : 'text'),
          )}
          <button type="submit" disabled={subscribed.fetching}>
            {t('finance.alerts.subscribeButton')}
          </button>
          {subscribed.error && Object.keys(apiErrors).length === 0 && (
            <p className="field-error" role="alert">
              {graphqlErrors(subscribed.error)[0]?.message}
            </p>
          )}
          {subscribed.data && !subscribed.error && (
            <p role="status" data-testid="alert-subscribed">
              {t('finance.alerts.subscribed')}
            </p>
          )}
        </form>
      </QueryState>
    </>
  );
}
