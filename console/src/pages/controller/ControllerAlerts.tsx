import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import { AlertCondition, Role } from '../../gql/graphql';
import { DataTable } from '../../components/DataTable';
import { QueryState } from '../../components/QueryState';
import { fieldErrors, graphqlErrors } from '../../client';
import { formatDate, formatMoney } from '../../format';
import { subscriptionInput, useAlertTable } from '../alerts/alert-table';
import { ResumedHistory } from '../alerts/ResumedHistory';
import { MunicipalityGate } from './MunicipalityGate';

const ControllerAlertsQuery = graphql(`
  query ControllerAlerts($code: String!) {
    alerts(first: 200, municipalityCode: $code) {
      totalCount
      edges {
        node {
          id
          condition
          kind
          subject
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
      subscriber
      subscriberRole
      createdAt
      cancelledAt
      cancellations {
        resumedAt
        resumedBy
      }
    }
  }
`);

const ControllerSubscribe = graphql(`
  mutation ControllerSubscribeAlert($input: SubscribeAlertInput!) {
    subscribeAlert(input: $input) {
      replayed
      subscription {
        id
      }
    }
  }
`);

const ControllerCancel = graphql(`
  mutation ControllerCancelAlertSubscription($input: CancelAlertSubscriptionInput!) {
    cancelAlertSubscription(input: $input) {
      replayed
      cleared {
        id
      }
    }
  }
`);

const ControllerResume = graphql(`
  mutation ControllerResumeAlertSubscription($input: ResumeAlertSubscriptionInput!) {
    resumeAlertSubscription(input: $input) {
      replayed
      subscription {
        id
        cancelledAt
      }
    }
  }
`);

type Field = 'schemeCode' | 'year' | 'days' | 'threshold' | 'allocationRunId';

/** The conditions a controller may watch (its own municipality; the API defaults to it), and the fields each asks for. */
const CONTROLLER_FIELDS: Partial<Record<AlertCondition, readonly Field[]>> = {
  DEADLINE_APPROACHING: ['schemeCode', 'year', 'days'],
  REPORT_OVERDUE: ['schemeCode', 'year'],
  RECOVERY_ABOVE_THRESHOLD: ['allocationRunId', 'threshold'],
};
const CONDITIONS = Object.keys(CONTROLLER_FIELDS) as AlertCondition[];

/**
 * /municipalities/:code/alerts: the controller's own alerts and subscriptions, a form to subscribe, and
 * cancel or resume on the subscriptions a controller made (the API refuses the ministry's, decisions 1340, 1910).
 */
export function ControllerAlerts() {
  const { t } = useTranslation();
  return <MunicipalityGate page={t('nav.controller.alerts')}>{(m) => <AlertsOf code={m.code} />}</MunicipalityGate>;
}

function AlertsOf({ code }: { code: string }) {
  const { t } = useTranslation();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ControllerAlertsQuery, variables: { code } });
  const [subscribed, subscribe] = useMutation(ControllerSubscribe);
  const [cancelled, cancel] = useMutation(ControllerCancel);
  const [resumed, resume] = useMutation(ControllerResume);
  const [lastChange, setLastChange] = useState<'cancel' | 'resume' | null>(null);
  const [condition, setCondition] = useState<AlertCondition>(AlertCondition.DeadlineApproaching);
  const [values, setValues] = useState<Record<string, string>>({});
  const [localError, setLocalError] = useState<Record<string, string>>({});
  const ids = { condition: useId(), schemeCode: useId(), year: useId(), days: useId(), threshold: useId(), allocationRunId: useId() };
  const conditionLabel = (c: string) => t(`finance.alerts.condition.${c as AlertCondition}`);
  const { rows, columns } = useAlertTable(data?.alerts.edges, false);
  const apiErrors = subscribed.error ? fieldErrors(graphqlErrors(subscribed.error)) : {};
  const errorOf = (field: string) => localError[field] ?? apiErrors[field];
  const fields = CONTROLLER_FIELDS[condition] ?? [];
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const { input, problems } = subscriptionInput(t, condition, fields, values);
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
  // A new key per click: a subscription may be cancelled again after it was resumed (a fixed key would replay the first).
  const onCancel = async (id: string) => {
    setLastChange('cancel');
    const result = await cancel({ input: { id, idempotencyKey: crypto.randomUUID() } });
    if (!result.error) {
      reexecute({ requestPolicy: 'network-only' });
    }
  };
  const onResume = async (id: string) => {
    setLastChange('resume');
    const result = await resume({ input: { id, idempotencyKey: crypto.randomUUID() } });
    if (!result.error) {
      reexecute({ requestPolicy: 'network-only' });
    }
  };
  const changing = cancelled.fetching || resumed.fetching;
  const changeError = lastChange === 'cancel' ? cancelled.error : lastChange === 'resume' ? resumed.error : undefined;
  const subscriptions = (data?.alertSubscriptions ?? []).filter((s) => s.municipalityCode === code);
  return (
    <>
      <p className="muted">{t('controller.alerts.intro')}</p>
      <QueryState fetching={fetching && data === undefined} error={error} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        <DataTable
          caption={t('finance.alerts.caption')}
          data={rows}
          columns={columns}
          rowKey={(r) => r.id}
          testId="controller-alerts-table"
          empty={t('finance.alerts.none')}
        />
        <h2>{t('finance.alerts.subscriptions')}</h2>
        {subscriptions.length === 0 && <p className="muted">{t('controller.alerts.noSubscriptions')}</p>}
        <ul data-testid="controller-alert-subscriptions">
          {subscriptions.map((s) => (
            <li key={s.id} data-testid={`subscription-${s.id}`}>
              {conditionLabel(s.condition)}
              {s.schemeCode ? ` · ${s.schemeCode} ${s.year}` : ''}
              {s.days != null ? ` · ${t('finance.alerts.daysValue', { count: s.days })}` : ''}
              {s.threshold ? ` · ${formatMoney(s.threshold)}` : ''} <span className="muted">({s.subscriber})</span>{' '}
              {s.cancelledAt && <span className="muted">{t('controller.alerts.cancelled', { date: formatDate(s.cancelledAt) })} </span>}
              <ResumedHistory id={s.id} cancellations={s.cancellations} />
              {s.subscriberRole !== Role.MunicipalController ? (
                // The ministry's subscriptions about this municipality are the ministry's to cancel or resume (decisions 1340, 1910).
                <span className="muted" data-testid={`subscription-${s.id}-ministry`}>
                  {t('controller.alerts.ministrySubscription')}
                </span>
              ) : s.cancelledAt ? (
                <button type="button" onClick={() => void onResume(s.id)} disabled={changing}>
                  {t('controller.alerts.resume')}
                </button>
              ) : (
                <button type="button" onClick={() => void onCancel(s.id)} disabled={changing}>
                  {t('controller.alerts.cancel')}
                </button>
              )}
            </li>
          ))}
        </ul>
        {changeError && (
          <p className="field-error" role="alert">
            {graphqlErrors(changeError)[0]?.message}
          </p>
        )}
        {lastChange === 'cancel' && cancelled.data && !cancelled.error && (
          <p role="status" data-testid="controller-alert-cancelled">
            {t('controller.alerts.cancelDone', { count: cancelled.data.cancelAlertSubscription.cleared.length })}
          </p>
        )}
        {lastChange === 'resume' && resumed.data && !resumed.error && (
          <p role="status" data-testid="controller-alert-resumed">
            {t('controller.alerts.resumeDone')}
          </p>
        )}
        <h2>{t('finance.alerts.subscribe')}</h2>
        <form className="form" onSubmit={(e) => void onSubmit(e)} data-testid="controller-alert-subscribe-form">
          <label htmlFor={ids.condition}>
            {t('finance.alerts.conditionHeader')}
            <select id={ids.condition} value={condition} onChange={(e) => setCondition(e.target.value as AlertCondition)}>
              {CONDITIONS.map((c) => (
                <option key={c} value={c}>
                  {conditionLabel(c)}
                </option>
              ))}
            </select>
          </label>
          {fields.map((name) => (
            <label htmlFor={ids[name]} key={name}>
              {t(`finance.alerts.field.${name}`)}
              <input
                id={ids[name]}
                inputMode={name === 'year' || name === 'days' ? 'numeric' : name === 'threshold' ? 'decimal' : 'text'}
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
          ))}
          <button type="submit" disabled={subscribed.fetching}>
            {t('finance.alerts.subscribeButton')}
          </button>
          {subscribed.error && Object.keys(apiErrors).length === 0 && (
            <p className="field-error" role="alert">
              {graphqlErrors(subscribed.error)[0]?.message}
            </p>
          )}
          {subscribed.data && !subscribed.error && (
            <p role="status" data-testid="controller-alert-subscribed">
              {t('finance.alerts.subscribed')}
            </p>
          )}
        </form>
      </QueryState>
    </>
  );
}
