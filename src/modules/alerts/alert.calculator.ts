/**
 * The edge detector of alerts (decision 1330), pure: what a subscription observes now against what
 * it observed last time. A condition fires once when it becomes true (RAISED) and once when it
 * stops (CLEARED); an unchanged condition fires nothing, however often it is evaluated.
 */

export type AlertKind = 'RAISED' | 'CLEARED';

/** One subject of a subscription as observed now: a municipality, or NATIONAL. */
export interface Observation {
  subject: string;
  municipalityCode: string | null;
  active: boolean;
  /** The values the condition was judged on. */
  evidence: Record<string, unknown>;
}

export interface Transition {
  subject: string;
  municipalityCode: string | null;
  kind: AlertKind;
  evidence: Record<string, unknown>;
}

export const NATIONAL = 'NATIONAL';

/**
 * Transitions from the previous states (subject → active) to the observations. A subject never seen
 * before counts as inactive (a true condition at the first evaluation is RAISED). An active subject
 * that is no longer observed at all (its municipality left the register, the forecast it rested on
 * is gone) is CLEARED with the reason in its evidence.
 */
export function transitions(previous: ReadonlyMap<string, boolean>, observed: readonly Observation[]): Transition[] {
  const out: Transition[] = [];
  const seen = new Set<string>();
  for (const o of observed) {
    if (seen.has(o.subject)) {
      throw new Error(`subject ${o.subject} observed twice`);
    }
    seen.add(o.subject);
    const before = previous.get(o.subject) ?? false;
    if (o.active !== before) {
      out.push({ subject: o.subject, municipalityCode: o.municipalityCode, kind: o.active ? 'RAISED' : 'CLEARED', evidence: o.evidence });
    }
  }
  for (const [subject, active] of [...previous.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (active && !seen.has(subject)) {
      out.push({
        subject,
        municipalityCode: subject === NATIONAL ? null : subject,
        kind: 'CLEARED',
        evidence: { reason: 'no longer observed' },
      });
    }
  }
  return out;
}

/** Whole days from `from` to `to` (ISO dates), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** DEADLINE_APPROACHING: nothing submitted, the deadline not passed, and at most `days` days left. */
export function deadlineApproaching(input: { today: string; deadline: string; days: number; submitted: boolean }): {
  active: boolean;
  daysLeft: number;
} {
  const daysLeft = daysBetween(input.today, input.deadline);
  return { active: !input.submitted && daysLeft >= 0 && daysLeft <= input.days, daysLeft };
}

/** REPORT_OVERDUE: nothing submitted and the deadline passed (the verantwoording module's `overdue`). */
export function overdueDays(input: { today: string; deadline: string }): number {
  return Math.max(0, daysBetween(input.deadline, input.today));
}

/** FEED_SILENT: whole days since the last delivery (or since the feed was declared), silent when more than `days`. */
export function feedSilence(input: { now: Date; lastDelivery: Date; days: number }): { active: boolean; daysSilent: number } {
  const daysSilent = Math.floor((input.now.getTime() - input.lastDelivery.getTime()) / 86_400_000);
  return { active: daysSilent >= input.days, daysSilent };
}
