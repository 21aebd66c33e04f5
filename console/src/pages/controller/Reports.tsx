import { useMemo, useState } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import type { ColumnDef } from '@tanstack/react-table';
import { graphql } from '../../gql';
import { ErrorPanel, QueryState } from '../../components/QueryState';
import { DataTable } from '../../components/DataTable';
import { fieldErrors, graphqlErrors } from '../../client';
import { formatDate, formatDecimal, formatMoney } from '../../format';
import { MunicipalityGate, SchemeYearPicker, StatusBadge, useSchemeYears, useSelectedSchemeYear, type SchemeYear } from './shared';

const ReportsQuery = graphql(`
  query ControllerReports($code: String!) {
    accountabilityReports(filter: { municipalityCode: $code }, first: 100) {
      totalCount
      edges {
        node {
          id
          municipalityCode
          schemeCode
          year
          version
          status
          deadline
          late
          createdAt
          submittedAt
          submittedBy
          decidedAt
          decisionReason
          replacesId
          periodStart
          periodEnd
          eligibleSpending
          counts {
            line
            category
            route
            count
            explanation
          }
          expenditure {
            line
            component
            amount
            explanation
          }
          attachments {
            name
            sha256
          }
          differences {
            id
            check
            category
            route
            reported
            expected
            difference
            beyondTolerance
          }
        }
      }
    }
  }
`);

const CreateDraft = graphql(`
  mutation ControllerCreateReportDraft($input: CreateReportDraftInput!) {
    createReportDraft(input: $input) {
      id
      status
      version
    }
  }
`);

const UpdateDraft = graphql(`
  mutation ControllerUpdateReportDraft($input: UpdateReportDraftInput!) {
    updateReportDraft(input: $input) {
      id
      status
      version
    }
  }
`);

const Submit = graphql(`
  mutation ControllerSubmitReport($reportId: ID!) {
    submitReport(reportId: $reportId) {
      id
      status
      late
      submittedAt
    }
  }
`);

type Report = NonNullable<ReturnType<typeof useReports>['reports']>[number];

/** Report versions of the municipality (at most 100: four a year at most, with corrections). */
function useReports(code: string) {
  // urql re-runs a query whose context object changes: keep it stable.
  const context = useMemo(() => ({ additionalTypenames: ['AccountabilityReport'] }), []);
  const [{ data, fetching, error }, refetch] = useQuery({ query: ReportsQuery, variables: { code }, context });
  const reports = data?.accountabilityReports.edges.map((e) => e.node);
  return {
    reports,
    total: data?.accountabilityReports.totalCount ?? 0,
    fetching,
    error,
    refetch: () => refetch({ requestPolicy: 'network-only' }),
  };
}

const CATEGORIES = ['ASIELSTATUSHOUDER', 'GEZINSMIGRANT', 'OVERIG'] as const;
const ROUTES = ['B1', 'ONDERWIJSROUTE', 'Z_ROUTE'] as const;
const COMPONENTS: { code: string; label: string }[] = [
  { code: 'LANGUAGE_AND_INTEGRATION', label: 'Language and integration' },
  { code: 'FINANCIEEL_ONTZORGEN', label: 'Financieel ontzorgen' },
  { code: 'PARTICIPATIEVERKLARINGSTRAJECT', label: 'Participatieverklaringstraject' },
  { code: 'MODULE_ARBEIDSMARKT_EN_PARTICIPATIE', label: 'Module arbeidsmarkt en participatie' },
  { code: 'IMPLEMENTATION_COSTS', label: 'Implementation costs' },
];
const CATEGORY_LABEL: Record<string, string> = {
  ASIELSTATUSHOUDER: 'Asielstatushouders',
  GEZINSMIGRANT: 'Gezinsmigranten',
  OVERIG: 'Other',
};

const reportColumns: ColumnDef<Report, string>[] = [
  { id: 'scheme', header: 'Scheme-year', accessorFn: (r) => `${r.schemeCode} ${r.year}` },
  { id: 'version', header: 'Version', accessorFn: (r) => String(r.version), meta: { numeric: true } },
  { id: 'status', header: 'Status', accessorFn: (r) => r.status, cell: (c) => <StatusBadge status={c.getValue()} /> },
  { id: 'deadline', header: 'Deadline', accessorFn: (r) => r.deadline, cell: (c) => formatDate(c.getValue()) },
  {
    id: 'submitted',
    header: 'Submitted',
    accessorFn: (r) => r.submittedAt ?? '',
    cell: (c) => {
      const r = c.row.original;
      return r.submittedAt ? (
        <>
          {formatDate(r.submittedAt)} {r.late ? <span className="badge danger">late</span> : <span className="badge ok">on time</span>}
        </>
      ) : (
        '—'
      );
    },
  },
  {
    id: 'spending',
    header: 'Eligible spending',
    accessorFn: (r) => r.eligibleSpending,
    cell: (c) => formatMoney(c.getValue()),
    meta: { numeric: true },
  },
  {
    id: 'differences',
    header: 'Differences beyond tolerance',
    accessorFn: (r) => String(r.differences.filter((d) => d.beyondTolerance).length),
    meta: { numeric: true },
  },
  { id: 'decision', header: 'Decision', accessorFn: (r) => r.decisionReason ?? '', cell: (c) => c.getValue() || '—', enableSorting: false },
];

/** The municipality's accountability reports, and a form to draft, correct and submit one. */
export function Reports() {
  return <MunicipalityGate page="Accountability reports">{(m) => <ReportsOf code={m.code} />}</MunicipalityGate>;
}

function ReportsOf({ code }: { code: string }) {
  const years = useSchemeYears();
  const { reports, total, fetching, error, refetch } = useReports(code);
  const withReports = years.schemes.filter((s) => (reports ?? []).some((r) => r.schemeCode === s.code && r.year === s.year));
  const open = years.schemes.filter((s) => s.status === 'OPEN');
  const { selected, select } = useSelectedSchemeYear(years.schemes, [...withReports, ...open]);
  const [notice, setNotice] = useState<string | null>(null);
  const all = [...(reports ?? [])].sort((a, b) => b.year - a.year || a.schemeCode.localeCompare(b.schemeCode) || b.version - a.version);
  const versions = all.filter((r) => selected !== null && r.schemeCode === selected.code && r.year === selected.year);
  const latest = versions[0] ?? null;
  return (
    <QueryState fetching={(fetching && reports === undefined) || years.fetching} error={error ?? years.error}>
      <DataTable
        caption="All report versions"
        data={all}
        columns={reportColumns}
        rowKey={(r) => r.id}
        testId="reports"
        initialSorting={[]}
        empty="No accountability reports yet."
      />
      {total > all.length ? (
        <p className="muted">
          The first {all.length} of {total} versions are shown.
        </p>
      ) : null}
      <section className="card" aria-labelledby="report-form-heading">
        <h2 id="report-form-heading">Report for a scheme-year</h2>
        <SchemeYearPicker
          schemes={years.schemes}
          selected={selected}
          onSelect={(s) => {
            setNotice(null);
            select(s);
          }}
        />
        {notice !== null ? (
          <p className="notice" role="status" data-testid="report-notice">
            {notice}
          </p>
        ) : null}
        {selected ? (
          <ReportPanel
            key={`${selected.id}-${latest?.id ?? 'none'}-${latest?.status ?? ''}`}
            code={code}
            scheme={selected}
            latest={latest}
            onSaved={(message) => {
              setNotice(message);
              refetch();
            }}
          />
        ) : null}
      </section>
    </QueryState>
  );
}

function ReportPanel({
  code,
  scheme,
  latest,
  onSaved,
}: {
  code: string;
  scheme: SchemeYear;
  latest: Report | null;
  onSaved: (message: string) => void;
}) {
  const deadline = latest?.deadline ?? scheme.accountabilityDeadline;
  const status = (
    <p data-testid="report-status">
      Deadline {formatDate(deadline)} ·{' '}
      {latest ? (
        <>
          version {latest.version} <StatusBadge status={latest.status} />
          {latest.submittedAt ? ` submitted ${formatDate(latest.submittedAt)}${latest.late ? ' (late)' : ''}` : ''}
        </>
      ) : (
        'no report yet'
      )}
    </p>
  );
  if (latest?.status === 'SUBMITTED') {
    return (
      <>
        {status}
        <p className="muted">The report is frozen and waits for the finance officer’s decision.</p>
        <Differences report={latest} />
      </>
    );
  }
  return (
    <>
      {status}
      {latest?.status === 'ACCEPTED' || latest?.status === 'REJECTED' ? (
        <>
          {latest.decisionReason ? <p>Decision: {latest.decisionReason}</p> : null}
          <Differences report={latest} />
          <p className="muted">Saving starts a correction: a new version that replaces version {latest.version}.</p>
        </>
      ) : null}
      {scheme.status === 'CLOSED' ? (
        <p className="muted">This scheme-year is closed: the API accepts no drafts until it is reopened for you.</p>
      ) : null}
      <ReportEditor code={code} scheme={scheme} draft={latest?.status === 'DRAFT' ? latest : null} start={latest} onSaved={onSaved} />
    </>
  );
}

/** Spending checks compare euros; count checks compare persons. */
const fmt = (check: string, value: string) => (check.startsWith('SPENDING') ? formatMoney(value) : formatDecimal(value));

function Differences({ report }: { report: Report }) {
  if (report.differences.length === 0) {
    return <p className="muted">No differences found on submission.</p>;
  }
  return (
    <div className="table-wrap">
      <table>
        <caption>Differences found on submission</caption>
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Category</th>
            <th scope="col" className="num">
              Reported
            </th>
            <th scope="col" className="num">
              Expected
            </th>
            <th scope="col" className="num">
              Difference
            </th>
            <th scope="col">Tolerance</th>
          </tr>
        </thead>
        <tbody>
          {report.differences.map((d) => (
            <tr key={d.id}>
              <td>{d.check.replace(/_/g, ' ').toLowerCase()}</td>
              <td>{[d.category, d.route].filter(Boolean).join(' / ') || '—'}</td>
              <td className="num">{fmt(d.check, d.reported)}</td>
              <td className="num">{fmt(d.check, d.expected)}</td>
              <td className="num">{fmt(d.check, d.difference)}</td>
              <td>{d.beyondTolerance ? <span className="badge danger">beyond</span> : <span className="badge ok">within</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface Line {
  value: string;
  explanation: string;
}
interface Attachment {
  name: string;
  sha256: string;
}

/** One API problem: the dotted field path and its message. */
interface Problem {
  field: string | null;
  message: string;
}

/** Every problem the API reported (extensions.problems when it lists several, else the errors themselves). */
function problemsOf(error: CombinedError): Problem[] {
  const out: Problem[] = [];
  for (const e of error.graphQLErrors) {
    const listed = e.extensions.problems;
    if (Array.isArray(listed)) {
      for (const p of listed as { field?: unknown; message?: unknown }[]) {
        out.push({ field: typeof p.field === 'string' ? p.field : null, message: typeof p.message === 'string' ? p.message : e.message });
      }
    }
  }
  if (out.length > 0) {
    return out;
  }
  const byField = fieldErrors(graphqlErrors(error));
  return graphqlErrors(error).map((e) => ({ field: e.field, message: e.field !== null ? (byField[e.field] ?? e.message) : e.message }));
}

const countKey = (category: string, route: string) => `${category}|${route}`;

function ReportEditor({
  code,
  scheme,
  draft,
  start,
  onSaved,
}: {
  code: string;
  scheme: SchemeYear;
  draft: Report | null;
  start: Report | null;
  onSaved: (message: string) => void;
}) {
  const routes = scheme.usesRoutes ? ROUTES : ([''] as const);
  const [periodStart, setPeriodStart] = useState(start?.periodStart ?? `${scheme.year}-01-01`);
  const [periodEnd, setPeriodEnd] = useState(start?.periodEnd ?? `${scheme.year}-12-31`);
  const [counts, setCounts] = useState<Record<string, Line>>(() => {
    const out: Record<string, Line> = {};
    for (const c of start?.counts ?? []) {
      out[countKey(c.category, c.route ?? '')] = { value: c.count, explanation: c.explanation ?? '' };
    }
    return out;
  });
  const [spending, setSpending] = useState<Record<string, Line>>(() => {
    const out: Record<string, Line> = {};
    for (const e of start?.expenditure ?? []) {
      out[e.component] = { value: e.amount, explanation: e.explanation ?? '' };
    }
    return out;
  });
  const [attachments, setAttachments] = useState<Attachment[]>(() =>
    (start?.attachments ?? []).map((a) => ({ name: a.name, sha256: a.sha256 })),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<CombinedError | null>(null);
  const [unplaced, setUnplaced] = useState<Problem[]>([]);
  const [created, create] = useMutation(CreateDraft);
  const [updated, update] = useMutation(UpdateDraft);
  const [submitted, submit] = useMutation(Submit);
  const busy = created.fetching || updated.fetching || submitted.fetching;

  /** The input as the API wants it, and where each of its array paths sits in the form. */
  function build() {
    const fieldIds: Record<string, string> = { 'input.periodStart': 'periodStart', 'input.periodEnd': 'periodEnd' };
    const countLines: { category: string; route?: string; count: string; explanation?: string }[] = [];
    for (const category of CATEGORIES) {
      for (const route of routes) {
        const key = countKey(category, route);
        const line = counts[key];
        if (line && (line.value.trim() !== '' || line.explanation.trim() !== '')) {
          const i = countLines.length;
          countLines.push({
            category,
            ...(route ? { route } : {}),
            count: line.value.trim(),
            ...(line.explanation.trim() ? { explanation: line.explanation.trim() } : {}),
          });
          for (const f of ['count', 'category', 'route']) {
            fieldIds[`input.counts[${i}].${f}`] = `count-${key}`;
          }
          fieldIds[`input.counts[${i}].explanation`] = `count-expl-${key}`;
        }
      }
    }
    const expenditure: { component: string; amount: string; explanation?: string }[] = [];
    for (const c of COMPONENTS) {
      const line = spending[c.code];
      if (line && (line.value.trim() !== '' || line.explanation.trim() !== '')) {
        const i = expenditure.length;
        expenditure.push({
          component: c.code,
          amount: line.value.trim(),
          ...(line.explanation.trim() ? { explanation: line.explanation.trim() } : {}),
        });
        fieldIds[`input.expenditure[${i}].amount`] = `amount-${c.code}`;
        fieldIds[`input.expenditure[${i}].component`] = `amount-${c.code}`;
        fieldIds[`input.expenditure[${i}].explanation`] = `amount-expl-${c.code}`;
      }
    }
    const atts: Attachment[] = [];
    attachments.forEach((a, idx) => {
      if (a.name.trim() !== '' || a.sha256.trim() !== '') {
        const i = atts.length;
        atts.push({ name: a.name.trim(), sha256: a.sha256.trim() });
        fieldIds[`input.attachments[${i}].name`] = `att-name-${idx}`;
        fieldIds[`input.attachments[${i}].sha256`] = `att-sha-${idx}`;
      }
    });
    const content = { periodStart: periodStart || null, periodEnd: periodEnd || null, counts: countLines, expenditure, attachments: atts };
    return { content, fieldIds };
  }

  function showError(error: CombinedError, fieldIds: Record<string, string>) {
    const byField: Record<string, string> = {};
    const rest: Problem[] = [];
    for (const p of problemsOf(error)) {
      const id = p.field !== null ? fieldIds[p.field] : undefined;
      if (id !== undefined) {
        byField[id] = byField[id] ? `${byField[id]}; ${p.message}` : p.message;
      } else {
        rest.push(p);
      }
    }
    setErrors(byField);
    setUnplaced(rest);
    setGeneral(Object.keys(byField).length === 0 ? error : null);
    const first = Object.keys(byField)[0];
    if (first !== undefined) {
      document.getElementById(first)?.focus();
    }
  }

  async function save(): Promise<string | null> {
    const { content, fieldIds } = build();
    setErrors({});
    setUnplaced([]);
    setGeneral(null);
    if (draft) {
      const r = await update({ input: { reportId: draft.id, ...content } });
      if (r.error) {
        showError(r.error, fieldIds);
        return null;
      }
      return r.data?.updateReportDraft.id ?? null;
    }
    const r = await create({ input: { municipalityCode: code, schemeCode: scheme.code, year: scheme.year, ...content } });
    if (r.error) {
      showError(r.error, fieldIds);
      return null;
    }
    return r.data?.createReportDraft.id ?? null;
  }

  async function onSave() {
    const id = await save();
    if (id !== null) {
      onSaved('Draft saved.');
    }
  }

  async function onSubmit() {
    const id = await save();
    if (id === null) {
      return;
    }
    const r = await submit({ reportId: id });
    if (r.error) {
      setGeneral(r.error);
      onSaved('Draft saved, but not submitted.');
      return;
    }
    onSaved(r.data?.submitReport.late ? 'Report submitted (after the deadline: late).' : 'Report submitted.');
  }

  const err = (id: string) =>
    errors[id] !== undefined
      ? {
          'aria-invalid': true as const,
          'aria-describedby': `${id}-error`,
        }
      : {};
  const errorText = (id: string) =>
    errors[id] !== undefined ? (
      <p className="field-error" id={`${id}-error`} data-testid={`error-${id}`}>
        {errors[id]}
      </p>
    ) : null;

  return (
    <form
      className="form ctl-report-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void onSave();
      }}
    >
      {general !== null ? <ErrorPanel error={general} /> : null}
      {unplaced.length > 0 && general === null ? (
        <div className="alert" role="alert">
          <ul>
            {unplaced.map((p, i) => (
              <li key={i}>
                {p.field ? `${p.field}: ` : ''}
                {p.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {Object.keys(errors).length > 0 ? (
        <p className="alert" role="alert">
          The report was not saved: {Object.keys(errors).length} field(s) need attention (marked below).
        </p>
      ) : null}
      <fieldset>
        <legend>Period reported on</legend>
        <div className="ctl-row">
          <label htmlFor="periodStart">
            First day
            <input
              id="periodStart"
              type="date"
              value={periodStart}
              onChange={(e) => setPeriodStart(e.target.value)}
              {...err('periodStart')}
            />
            {errorText('periodStart')}
          </label>
          <label htmlFor="periodEnd">
            Last day
            <input id="periodEnd" type="date" value={periodEnd} onChange={(e) => setPeriodEnd(e.target.value)} {...err('periodEnd')} />
            {errorText('periodEnd')}
          </label>
        </div>
      </fieldset>
      <fieldset>
        <legend>People (counts per category{scheme.usesRoutes ? ' and route' : ''}; persons or person-years)</legend>
        {CATEGORIES.flatMap((category) =>
          routes.map((route) => {
            const key = countKey(category, route);
            const line = counts[key] ?? { value: '', explanation: '' };
            const name = `${CATEGORY_LABEL[category] ?? category}${route ? ` (${route})` : ''}`;
            const set = (patch: Partial<Line>) => setCounts((c) => ({ ...c, [key]: { ...line, ...patch } }));
            return (
              <div className="ctl-row" key={key}>
                <label htmlFor={`count-${key}`}>
                  {name}: count
                  <input
                    id={`count-${key}`}
                    inputMode="decimal"
                    value={line.value}
                    onChange={(e) => set({ value: e.target.value })}
                    {...err(`count-${key}`)}
                  />
                  {errorText(`count-${key}`)}
                </label>
                <label htmlFor={`count-expl-${key}`} className="ctl-grow">
                  {name}: explanation
                  <input
                    id={`count-expl-${key}`}
                    value={line.explanation}
                    onChange={(e) => set({ explanation: e.target.value })}
                    {...err(`count-expl-${key}`)}
                  />
                  {errorText(`count-expl-${key}`)}
                </label>
              </div>
            );
          }),
        )}
      </fieldset>
      <fieldset>
        <legend>Spending per component (EUR{scheme.unitScale === 0 ? ', whole euros' : ', up to cents'})</legend>
        {COMPONENTS.map((c) => {
          const line = spending[c.code] ?? { value: '', explanation: '' };
          const set = (patch: Partial<Line>) => setSpending((s) => ({ ...s, [c.code]: { ...line, ...patch } }));
          return (
            <div className="ctl-row" key={c.code}>
              <label htmlFor={`amount-${c.code}`}>
                {c.label}: amount
                <input
                  id={`amount-${c.code}`}
                  inputMode="decimal"
                  value={line.value}
                  onChange={(e) => set({ value: e.target.value })}
                  {...err(`amount-${c.code}`)}
                />
                {errorText(`amount-${c.code}`)}
              </label>
              <label htmlFor={`amount-expl-${c.code}`} className="ctl-grow">
                {c.label}: explanation
                <input
                  id={`amount-expl-${c.code}`}
                  value={line.explanation}
                  onChange={(e) => set({ explanation: e.target.value })}
                  {...err(`amount-expl-${c.code}`)}
                />
                {errorText(`amount-expl-${c.code}`)}
              </label>
            </div>
          );
        })}
      </fieldset>
      <fieldset>
        <legend>Attachments (by reference: name and SHA-256 of the document)</legend>
        {attachments.map((a, idx) => (
          <div className="ctl-row" key={idx}>
            <label htmlFor={`att-name-${idx}`}>
              Attachment {idx + 1}: name
              <input
                id={`att-name-${idx}`}
                value={a.name}
                onChange={(e) => setAttachments((xs) => xs.map((x, j) => (j === idx ? { ...x, name: e.target.value } : x)))}
                {...err(`att-name-${idx}`)}
              />
              {errorText(`att-name-${idx}`)}
            </label>
            <label htmlFor={`att-sha-${idx}`} className="ctl-grow">
              Attachment {idx + 1}: SHA-256
              <input
                id={`att-sha-${idx}`}
                value={a.sha256}
                spellCheck={false}
                onChange={(e) => setAttachments((xs) => xs.map((x, j) => (j === idx ? { ...x, sha256: e.target.value } : x)))}
                {...err(`att-sha-${idx}`)}
              />
              {errorText(`att-sha-${idx}`)}
            </label>
            <button type="button" className="secondary" onClick={() => setAttachments((xs) => xs.filter((_, j) => j !== idx))}>
              Remove attachment {idx + 1}
            </button>
          </div>
        ))}
        <button type="button" className="secondary" onClick={() => setAttachments((xs) => [...xs, { name: '', sha256: '' }])}>
          Add an attachment
        </button>
      </fieldset>
      <div className="buttons">
        <button type="submit" disabled={busy}>
          {draft ? 'Save draft' : start ? 'Save as a correction (draft)' : 'Save draft'}
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => void onSubmit()}>
          Save and submit
        </button>
      </div>
      {busy ? (
        <p className="muted" role="status">
          Saving…
        </p>
      ) : null}
    </form>
  );
}
