import { useQuery } from 'urql';
import type { ColumnDef } from '@tanstack/react-table';
import { graphql } from '../../gql';
import { QueryState } from '../../components/QueryState';
import { DataTable } from '../../components/DataTable';
import { formatDate, formatMoney } from '../../format';
import { MunicipalityGate, SchemeYearPicker, StatusBadge, useSchemeYears, useSelectedSchemeYear, type SchemeYear } from './shared';

const SettlementsQuery = graphql(`
  query ControllerSettlements($schemeCode: String!, $year: Int!) {
    settlements(schemeCode: $schemeCode, year: $year) {
      id
      status
      createdAt
      finalisedAt
      effectiveDate
      preparedBy
      approvedBy
      recoveryMode
      replacesId
      lines {
        municipalityCode
        payeeCode
        status
        countBased
        acceptedSpending
        finalEntitlement
        paid
        amount
        explanation
      }
    }
  }
`);

interface LineRow {
  municipalityCode: string;
  payeeCode: string;
  status: string;
  countBased: string;
  acceptedSpending?: string | null;
  finalEntitlement?: string | null;
  paid: string;
  amount?: string | null;
  explanation: string[];
}

const lineColumns: ColumnDef<LineRow, string>[] = [
  {
    id: 'municipality',
    header: 'Municipality',
    accessorFn: (l) => (l.payeeCode === l.municipalityCode ? l.municipalityCode : `${l.municipalityCode} → ${l.payeeCode}`),
  },
  {
    id: 'countBased',
    header: 'Count-based',
    accessorFn: (l) => l.countBased,
    cell: (c) => formatMoney(c.getValue()),
    meta: { numeric: true },
  },
  {
    id: 'accepted',
    header: 'Accepted spend',
    accessorFn: (l) => l.acceptedSpending ?? '',
    cell: (c) => formatMoney(c.getValue()),
    meta: { numeric: true },
  },
  {
    id: 'final',
    header: 'Final entitlement',
    accessorFn: (l) => l.finalEntitlement ?? '',
    cell: (c) => formatMoney(c.getValue()),
    meta: { numeric: true },
  },
  { id: 'paid', header: 'Paid', accessorFn: (l) => l.paid, cell: (c) => formatMoney(c.getValue()), meta: { numeric: true } },
  {
    id: 'amount',
    header: 'Settlement',
    accessorFn: (l) => l.amount ?? '',
    cell: (c) => {
      const v = c.getValue();
      if (v === '') {
        return '—';
      }
      return (
        <>
          {formatMoney(v)}
          <br />
          <span className="muted">{v.startsWith('-') ? 'recovery' : /^0(\.0+)?$/.test(v) ? '' : 'payment'}</span>
        </>
      );
    },
    meta: { numeric: true },
  },
  { id: 'status', header: 'Status', accessorFn: (l) => l.status, cell: (c) => <StatusBadge status={c.getValue()} /> },
];

/** Settlement drafts and final settlements of a scheme-year, with this municipality's lines explained. */
export function Settlements() {
  return <MunicipalityGate page="Settlements">{(m) => <SettlementsOf code={m.code} />}</MunicipalityGate>;
}

function SettlementsOf({ code }: { code: string }) {
  const { schemes, runs, fetching, error } = useSchemeYears();
  // A settlement needs a DEFINITIVE or CORRECTION run: the latest scheme-year with one is the default.
  const settleable = schemes.filter((s) =>
    runs.some((r) => r.schemeCode === s.code && r.year === s.year && (r.stage === 'DEFINITIVE' || r.stage === 'CORRECTION')),
  );
  const { selected, select } = useSelectedSchemeYear(schemes, settleable);
  return (
    <QueryState fetching={fetching} error={error}>
      <SchemeYearPicker schemes={schemes} selected={selected} onSelect={select} />
      {selected ? <SettlementList code={code} scheme={selected} /> : <p className="muted">No scheme-years yet.</p>}
    </QueryState>
  );
}

function SettlementList({ code, scheme }: { code: string; scheme: SchemeYear }) {
  const [{ data, fetching, error }] = useQuery({ query: SettlementsQuery, variables: { schemeCode: scheme.code, year: scheme.year } });
  const settlements = data?.settlements ?? [];
  return (
    <QueryState fetching={fetching} error={error}>
      {settlements.length === 0 ? (
        <p className="muted" data-testid="no-settlements">
          No settlement for {scheme.code} {scheme.year} yet.
        </p>
      ) : (
        settlements.map((s) => {
          // Only this municipality's own lines (and those it receives as successor) are shown.
          const lines = s.lines.filter((l) => l.municipalityCode === code || l.payeeCode === code);
          const headingId = `settlement-${s.id}`;
          return (
            <section key={s.id} className="card" aria-labelledby={headingId} data-testid={`settlement-${s.status}`}>
              <h2 id={headingId}>
                Settlement {scheme.code} {scheme.year} <StatusBadge status={s.status} />
              </h2>
              <dl className="ctl-facts">
                <div>
                  <dt>Drafted</dt>
                  <dd>
                    {formatDate(s.createdAt)} by {s.preparedBy}
                  </dd>
                </div>
                <div>
                  <dt>Finalised</dt>
                  <dd>
                    {s.finalisedAt ? `${formatDate(s.finalisedAt)} by ${s.approvedBy ?? '—'}` : 'not yet (a second officer finalises)'}
                  </dd>
                </div>
                {s.effectiveDate ? (
                  <div>
                    <dt>Effective</dt>
                    <dd>{formatDate(s.effectiveDate)}</dd>
                  </div>
                ) : null}
                <div>
                  <dt>Recovery</dt>
                  <dd>{s.recoveryMode === 'OFFSET' ? 'offset against next year’s tranches' : 'invoiced'}</dd>
                </div>
              </dl>
              <DataTable
                caption="Settlement lines"
                data={lines}
                columns={lineColumns}
                rowKey={(l) => l.municipalityCode}
                testId={`settlement-lines-${s.id}`}
              />
              {lines.map((l) => (
                <details key={l.municipalityCode} className="ctl-details" open>
                  <summary>Explanation, line by line ({l.municipalityCode})</summary>
                  <ol className="ctl-steps" data-testid={`explanation-${l.municipalityCode}`}>
                    {l.explanation.map((e, i) => (
                      <li key={i}>{e}</li>
                    ))}
                  </ol>
                </details>
              ))}
            </section>
          );
        })
      )}
    </QueryState>
  );
}
