import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';
import { ErrorPanel } from '../../../components/QueryState';
import type { SchemeYear } from '../../../components/SchemeYearPicker';
import { categoryLabel, routeLabel } from '../../../explain';
import { formatLocale } from '../../../format';
import {
  buildReport,
  CATEGORIES,
  COMPONENTS,
  countKey,
  initialForm,
  routesOf,
  type Attachment,
  type Line,
  type ReportForm,
} from './reportForm';
import { unreadableMessage } from '../../../components/decimalInput';
import { problemsOf, type Problem } from './reportErrors';
import { useReportMutations, type Report } from './useReports';

/** The report form: period, counts, spending and attachments; saved as a draft, or saved and submitted. */
export function ReportEditor({
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
  const { t } = useTranslation();
  const [form, setForm] = useState<ReportForm>(() => initialForm(start, scheme.year, formatLocale()));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<CombinedError | null>(null);
  const [unplaced, setUnplaced] = useState<Problem[]>([]);
  const mutations = useReportMutations({ code, schemeCode: scheme.code, year: scheme.year, draftId: draft?.id ?? null });
  const routes = routesOf(scheme.usesRoutes);

  function showErrors(byField: Record<string, string>, rest: Problem[], error: CombinedError | null) {
    setErrors(byField);
    setUnplaced(rest);
    setGeneral(Object.keys(byField).length === 0 ? error : null);
    const first = Object.keys(byField)[0];
    if (first !== undefined) {
      document.getElementById(first)?.focus();
    }
  }

  /** Saves the draft; the report's id, or null when a field (or the API) refused. */
  async function save(): Promise<string | null> {
    const locale = formatLocale();
    const { content, fieldIds, unreadable } = buildReport(form, scheme.usesRoutes, locale);
    setErrors({});
    setUnplaced([]);
    setGeneral(null);
    const local = Object.entries(unreadable);
    if (local.length > 0) {
      // Nothing is sent while a figure cannot be read: the field says which notation it expects.
      showErrors(Object.fromEntries(local.map(([id, u]) => [id, unreadableMessage(t, u.typed, u.problem)])), [], null);
      return null;
    }
    const saved = await mutations.save(content);
    if (saved.error !== null) {
      const byField: Record<string, string> = {};
      const rest: Problem[] = [];
      for (const p of problemsOf(saved.error)) {
        const id = p.field !== null ? fieldIds[p.field] : undefined;
        if (id !== undefined) {
          byField[id] = byField[id] ? `${byField[id]}; ${p.message}` : p.message;
        } else {
          rest.push(p);
        }
      }
      showErrors(byField, rest, saved.error);
      return null;
    }
    return saved.id;
  }

  async function onSave() {
    if ((await save()) !== null) {
      onSaved(t('controller.reports.saved'));
    }
  }

  async function onSubmit() {
    const id = await save();
    if (id === null) {
      return;
    }
    const r = await mutations.submit(id);
    if (r.error) {
      setGeneral(r.error);
      onSaved(t('controller.reports.savedNotSubmitted'));
      return;
    }
    onSaved(r.late === true ? t('controller.reports.submittedLate') : t('controller.reports.submittedOk'));
  }

  const invalid = (id: string) => (errors[id] !== undefined ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {});
  const errorText = (id: string) =>
    errors[id] !== undefined ? (
      <p className="field-error" id={`${id}-error`} data-testid={`error-${id}`}>
        {errors[id]}
      </p>
    ) : null;
  const field = (
    id: string,
    label: ReactNode,
    value: string,
    onChange: (v: string) => void,
    extra: { decimal?: boolean; grow?: boolean } = {},
  ) => (
    <label htmlFor={id} className={extra.grow ? 'ctl-grow' : undefined}>
      {label}
      <input
        id={id}
        value={value}
        inputMode={extra.decimal ? 'decimal' : undefined}
        spellCheck={extra.decimal ? false : undefined}
        onChange={(e) => onChange(e.target.value)}
        {...invalid(id)}
      />
      {errorText(id)}
    </label>
  );
  const setCount = (key: string, patch: Partial<Line>) =>
    setForm((f) => ({ ...f, counts: { ...f.counts, [key]: { value: '', explanation: '', ...f.counts[key], ...patch } } }));
  const setSpending = (component: string, patch: Partial<Line>) =>
    setForm((f) => ({
      ...f,
      spending: { ...f.spending, [component]: { value: '', explanation: '', ...f.spending[component], ...patch } },
    }));
  const setAttachment = (idx: number, patch: Partial<Attachment>) =>
    setForm((f) => ({ ...f, attachments: f.attachments.map((a, j) => (j === idx ? { ...a, ...patch } : a)) }));

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
          {t('controller.reports.notSaved', { count: Object.keys(errors).length })}
        </p>
      ) : null}
      <fieldset>
        <legend>{t('controller.reports.period')}</legend>
        <div className="ctl-row">
          <label htmlFor="periodStart">
            {t('controller.reports.firstDay')}
            <input
              id="periodStart"
              type="date"
              value={form.periodStart}
              onChange={(e) => setForm((f) => ({ ...f, periodStart: e.target.value }))}
              {...invalid('periodStart')}
            />
            {errorText('periodStart')}
          </label>
          <label htmlFor="periodEnd">
            {t('controller.reports.lastDay')}
            <input
              id="periodEnd"
              type="date"
              value={form.periodEnd}
              onChange={(e) => setForm((f) => ({ ...f, periodEnd: e.target.value }))}
              {...invalid('periodEnd')}
            />
            {errorText('periodEnd')}
          </label>
        </div>
      </fieldset>
      <fieldset>
        <legend>{scheme.usesRoutes ? t('controller.reports.countsByRoute') : t('controller.reports.counts')}</legend>
        <p className="muted">{t('controller.reports.notation')}</p>
        {CATEGORIES.flatMap((category) =>
          routes.map((route) => {
            const key = countKey(category, route);
            const line = form.counts[key] ?? { value: '', explanation: '' };
            const name = route ? `${categoryLabel(t, category)} (${routeLabel(t, route)})` : categoryLabel(t, category);
            return (
              <div className="ctl-row" key={key}>
                {field(`count-${key}`, t('controller.reports.countLabel', { name }), line.value, (v) => setCount(key, { value: v }), {
                  decimal: true,
                })}
                {field(
                  `count-expl-${key}`,
                  t('controller.reports.explanationLabel', { name }),
                  line.explanation,
                  (v) => setCount(key, { explanation: v }),
                  { grow: true },
                )}
              </div>
            );
          }),
        )}
      </fieldset>
      <fieldset>
        <legend>{scheme.unitScale === 0 ? t('controller.reports.spendingEuros') : t('controller.reports.spendingCents')}</legend>
        {COMPONENTS.map((component) => {
          const line = form.spending[component] ?? { value: '', explanation: '' };
          const name = t(`component.${component}`);
          return (
            <div className="ctl-row" key={component}>
              {field(
                `amount-${component}`,
                t('controller.reports.amountLabel', { name }),
                line.value,
                (v) => setSpending(component, { value: v }),
                {
                  decimal: true,
                },
              )}
              {field(
                `amount-expl-${component}`,
                t('controller.reports.explanationLabel', { name }),
                line.explanation,
                (v) => setSpending(component, { explanation: v }),
                { grow: true },
              )}
            </div>
          );
        })}
      </fieldset>
      <fieldset>
        <legend>{t('controller.reports.attachments')}</legend>
        {form.attachments.map((a, idx) => (
          <div className="ctl-row" key={idx}>
            {field(`att-name-${idx}`, t('controller.reports.attachmentName', { n: idx + 1 }), a.name, (v) =>
              setAttachment(idx, { name: v }),
            )}
            {field(
              `att-sha-${idx}`,
              t('controller.reports.attachmentSha', { n: idx + 1 }),
              a.sha256,
              (v) => setAttachment(idx, { sha256: v }),
              {
                grow: true,
              },
            )}
            <button
              type="button"
              className="secondary"
              onClick={() => setForm((f) => ({ ...f, attachments: f.attachments.filter((_, j) => j !== idx) }))}
            >
              {t('controller.reports.removeAttachment', { n: idx + 1 })}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="secondary"
          onClick={() => setForm((f) => ({ ...f, attachments: [...f.attachments, { name: '', sha256: '' }] }))}
        >
          {t('controller.reports.addAttachment')}
        </button>
      </fieldset>
      <div className="buttons">
        <button type="submit" disabled={mutations.busy}>
          {draft || !start ? t('controller.reports.saveDraft') : t('controller.reports.saveCorrection')}
        </button>
        <button type="button" className="secondary" disabled={mutations.busy} onClick={() => void onSubmit()}>
          {t('controller.reports.saveAndSubmit')}
        </button>
      </div>
      {mutations.busy ? (
        <p className="muted" role="status">
          {t('controller.reports.saving')}
        </p>
      ) : null}
    </form>
  );
}
