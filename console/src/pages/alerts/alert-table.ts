import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ColumnDef } from '@tanstack/react-table';
import type { AlertCondition } from '../../gql/graphql';
import { unreadableMessage } from '../../components/decimalInput';
import { formatDate, formatMoney, parseDecimalInput } from '../../format';

/** One alert as a table row (finance officer's and controller's pages alike). */
export interface AlertRow {
  id: string;
  evaluatedAt: string;
  kind: string;
  condition: string;
  subject: string;
  evidence: string;
}

interface AlertNode {
  id: string;
  evaluatedAt: string;
  kind: string;
  condition: string;
  subject: string;
  evidence: Record<string, unknown>;
}

/** The evidence in a line: the figures the condition was judged on (amounts in the language's notation). */
export function evidenceText(evidence: Record<string, unknown>): string {
  return Object.entries(evidence)
    .filter(([k]) => !['allocationRunId', 'forecastId'].includes(k))
    .map(([k, v]) => `${k}: ${typeof v === 'string' && /^-?\d+\.\d{2}$/.test(v) ? formatMoney(v) : String(v)}`)
    .join(' · ');
}

/** The rows and columns of an alerts table; `withSubject` adds the subject column (the ministry's view). */
export function useAlertTable(edges: readonly { node: AlertNode }[] | undefined, withSubject: boolean) {
  const { t } = useTranslation();
  const rows = useMemo<AlertRow[]>(
    () =>
      (edges ?? []).map(({ node: a }) => ({
        id: a.id,
        evaluatedAt: a.evaluatedAt,
        kind: a.kind,
        condition: a.condition,
        subject: a.subject,
        evidence: evidenceText(a.evidence),
      })),
    [edges],
  );
  const columns = useMemo<ColumnDef<AlertRow, string>[]>(
    () => [
      { accessorKey: 'evaluatedAt', header: t('finance.alerts.when'), cell: (c) => formatDate(c.getValue()) },
      {
        accessorKey: 'kind',
        header: t('finance.alerts.kind'),
        cell: (c) => t(`finance.alerts.kindLabel.${c.getValue() as 'RAISED' | 'CLEARED'}`),
      },
      {
        accessorKey: 'condition',
        header: t('finance.alerts.conditionHeader'),
        cell: (c) => t(`finance.alerts.condition.${c.getValue() as AlertCondition}`),
      },
      ...(withSubject ? [{ accessorKey: 'subject', header: t('finance.alerts.subject') } as ColumnDef<AlertRow, string>] : []),
      { accessorKey: 'evidence', header: t('finance.alerts.evidence') },
    ],
    [t, withSubject],
  );
  return { rows, columns };
}

/**
 * The subscribeAlert input from the form's text fields: years and days as numbers, a threshold
 * read in the language's notation (exact, no floats), the rest as typed; empty fields left out.
 */
export function subscriptionInput(
  t: TFunction,
  condition: AlertCondition,
  fields: readonly string[],
  values: Record<string, string>,
): { input: Record<string, unknown>; problems: Record<string, string> } {
  const input: Record<string, unknown> = { condition, idempotencyKey: crypto.randomUUID() };
  const problems: Record<string, string> = {};
  for (const field of fields) {
    const raw = (values[field] ?? '').trim();
    if (raw === '') {
      continue;
    }
    if (field === 'year' || field === 'days') {
      input[field] = Number(raw);
    } else if (field === 'threshold') {
      const parsed = parseDecimalInput(raw);
      if (!parsed.ok) {
        problems.threshold = unreadableMessage(t, raw, parsed.problem);
      } else {
        input.threshold = parsed.value;
      }
    } else {
      input[field] = raw;
    }
  }
  return { input, problems };
}
