import { Category, RouteCode, SpendingComponent } from '../../../gql/graphql';
import { parseDecimalInput, toInputText, type DecimalInputProblem, type NumberLocale } from '../../../format';

/** The categories, routes and spending components the API knows, in schema order (generated from schema.graphql). */
export const CATEGORIES: readonly Category[] = Object.values(Category);
export const ROUTES: readonly RouteCode[] = Object.values(RouteCode);
export const COMPONENTS: readonly SpendingComponent[] = Object.values(SpendingComponent);

export interface Line {
  value: string;
  explanation: string;
}

export interface Attachment {
  name: string;
  sha256: string;
}

/** What the form holds: text as typed. */
export interface ReportForm {
  periodStart: string;
  periodEnd: string;
  /** Keyed by `countKey(category, route)`. */
  counts: Record<string, Line>;
  /** Keyed by spending component. */
  spending: Record<string, Line>;
  attachments: Attachment[];
}

/** The report version a new form starts from (a draft to continue, or the version to correct). */
export interface ReportStart {
  periodStart: string;
  periodEnd: string;
  counts: readonly { category: string; route?: string | null; count: string; explanation?: string | null }[];
  expenditure: readonly { component: string; amount: string; explanation?: string | null }[];
  attachments: readonly Attachment[];
}

export const countKey = (category: string, route: string) => `${category}|${route}`;

/** The routes a scheme's counts are split by (none: one line per category). */
export function routesOf(usesRoutes: boolean): readonly string[] {
  return usesRoutes ? ROUTES : [''];
}

/** The form filled from a report version, figures written as a person would type them in `locale`. */
export function initialForm(start: ReportStart | null, year: number, locale: NumberLocale): ReportForm {
  const counts: Record<string, Line> = {};
  for (const c of start?.counts ?? []) {
    counts[countKey(c.category, c.route ?? '')] = {
      value: toInputText(c.count, { trimZeros: true }, locale),
      explanation: c.explanation ?? '',
    };
  }
  const spending: Record<string, Line> = {};
  for (const e of start?.expenditure ?? []) {
    spending[e.component] = { value: toInputText(e.amount, {}, locale), explanation: e.explanation ?? '' };
  }
  return {
    periodStart: start?.periodStart ?? `${year}-01-01`,
    periodEnd: start?.periodEnd ?? `${year}-12-31`,
    counts,
    spending,
    attachments: (start?.attachments ?? []).map((a) => ({ name: a.name, sha256: a.sha256 })),
  };
}

export interface ReportContent {
  periodStart: string | null;
  periodEnd: string | null;
  counts: { category: string; route?: string; count: string; explanation?: string }[];
  expenditure: { component: string; amount: string; explanation?: string }[];
  attachments: Attachment[];
}

export interface BuiltReport {
  /** The input as the API wants it: every figure converted exactly to a canonical decimal string. */
  content: ReportContent;
  /** Where each of the API's field paths (`input.counts[2].count`) sits in the form (an element id). */
  fieldIds: Record<string, string>;
  /** Figures that could not be read, by element id, with the text as typed: the form shows these and sends nothing. */
  unreadable: Record<string, { typed: string; problem: DecimalInputProblem }>;
}

/**
 * The API input for the form: only lines with something in them, figures read in Dutch or plain
 * notation (`parseDecimalInput`) and converted exactly; what cannot be read is reported per field
 * instead of being sent.
 */
export function buildReport(form: ReportForm, usesRoutes: boolean, locale: NumberLocale): BuiltReport {
  const fieldIds: Record<string, string> = { 'input.periodStart': 'periodStart', 'input.periodEnd': 'periodEnd' };
  const unreadable: BuiltReport['unreadable'] = {};
  const read = (id: string, text: string): string => {
    const t = text.trim();
    if (t === '') {
      return t;
    }
    const parsed = parseDecimalInput(t, { locale });
    if (!parsed.ok) {
      unreadable[id] = { typed: t, problem: parsed.problem };
      return t;
    }
    return parsed.value;
  };
  const counts: ReportContent['counts'] = [];
  for (const category of CATEGORIES) {
    for (const route of routesOf(usesRoutes)) {
      const key = countKey(category, route);
      const line = form.counts[key];
      if (line && (line.value.trim() !== '' || line.explanation.trim() !== '')) {
        const i = counts.length;
        counts.push({
          category,
          ...(route ? { route } : {}),
          count: read(`count-${key}`, line.value),
          ...(line.explanation.trim() ? { explanation: line.explanation.trim() } : {}),
        });
        for (const f of ['count', 'category', 'route']) {
          fieldIds[`input.counts[${i}].${f}`] = `count-${key}`;
        }
        fieldIds[`input.counts[${i}].explanation`] = `count-expl-${key}`;
      }
    }
  }
  const expenditure: ReportContent['expenditure'] = [];
  for (const component of COMPONENTS) {
    const line = form.spending[component];
    if (line && (line.value.trim() !== '' || line.explanation.trim() !== '')) {
      const i = expenditure.length;
      expenditure.push({
        component,
        amount: read(`amount-${component}`, line.value),
        ...(line.explanation.trim() ? { explanation: line.explanation.trim() } : {}),
      });
      fieldIds[`input.expenditure[${i}].amount`] = `amount-${component}`;
      fieldIds[`input.expenditure[${i}].component`] = `amount-${component}`;
      fieldIds[`input.expenditure[${i}].explanation`] = `amount-expl-${component}`;
    }
  }
  const attachments: Attachment[] = [];
  form.attachments.forEach((a, idx) => {
    if (a.name.trim() !== '' || a.sha256.trim() !== '') {
      const i = attachments.length;
      attachments.push({ name: a.name.trim(), sha256: a.sha256.trim() });
      fieldIds[`input.attachments[${i}].name`] = `att-name-${idx}`;
      fieldIds[`input.attachments[${i}].sha256`] = `att-sha-${idx}`;
    }
  });
  return {
    content: { periodStart: form.periodStart || null, periodEnd: form.periodEnd || null, counts, expenditure, attachments },
    fieldIds,
    unreadable,
  };
}
