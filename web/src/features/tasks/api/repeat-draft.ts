// The edit dialog's repeat controls as plain values, and the rule they make. Numbers stay the
// text typed until the form is sent, so a half-typed interval is not corrected under the cursor.
import {
  browserTimeZone,
  sameWeekdays,
  WEEKDAY_NAMES,
  weekdayOf,
  weekOrdinal,
  WORK_WEEK,
} from './recurrence';
import type { Recurrence, RecurrenceRequest, Weekday } from './types';

export const REPEAT_KINDS = ['none', 'daily', 'weekdays', 'weekly', 'monthly', 'yearly'] as const;
export type RepeatKind = (typeof REPEAT_KINDS)[number];
export const REPEAT_LABELS: Record<RepeatKind, string> = {
  none: 'Does not repeat',
  daily: 'Daily',
  weekdays: 'Weekdays (Monday to Friday)',
  weekly: 'Weekly',
  monthly: 'Monthly',
  yearly: 'Yearly',
};
/** The unit "every N …" counts in. */
export const REPEAT_UNITS: Record<Exclude<RepeatKind, 'none'>, string> = {
  daily: 'days',
  weekdays: 'weeks',
  weekly: 'weeks',
  monthly: 'months',
  yearly: 'years',
};

export const REPEAT_ENDS = ['never', 'until', 'count'] as const;
export type RepeatEnd = (typeof REPEAT_ENDS)[number];
export const REPEAT_END_LABELS: Record<RepeatEnd, string> = {
  never: 'Never',
  until: 'On a date',
  count: 'After a number of times',
};

export type MonthlyOn = NonNullable<Extract<Recurrence, { frequency: 'monthly' }>['on']>;

export interface RepeatDraft {
  kind: RepeatKind;
  interval: string;
  weekdays: Weekday[];
  /** Null: the due date's day of the month, as the api reads a rule without one. */
  monthly: MonthlyOn | null;
  end: RepeatEnd;
  /** The last day, as the value of an <input type="date"> in local time. */
  until: string;
  count: string;
}

const MAX_INTERVAL = 365;
const MAX_COUNT = 1000;

function localDateValue(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The controls showing a task's rule; a weekly rule without days shows the due date's. */
export function draftFromRule(rule: Recurrence | null, due: Date | null): RepeatDraft {
  const draft: RepeatDraft = {
    kind: 'none',
    interval: '1',
    weekdays: [],
    monthly: null,
    end: 'never',
    until: '',
    count: '',
  };
  if (!rule) return draft;
  draft.interval = String(rule.interval);
  if (rule.frequency === 'weekly') {
    draft.weekdays = rule.weekdays ?? (due ? [weekdayOf(due)] : []);
    draft.kind = rule.weekdays && sameWeekdays(rule.weekdays, WORK_WEEK) ? 'weekdays' : 'weekly';
  } else {
    draft.kind = rule.frequency;
  }
  if (rule.frequency === 'monthly') draft.monthly = rule.on ?? null;
  if (rule.until) {
    draft.end = 'until';
    draft.until = localDateValue(rule.until);
  } else if (rule.count !== null) {
    draft.end = 'count';
    draft.count = String(rule.count);
  }
  return draft;
}

/** The draft after choosing a kind: the days a weekly rule starts with follow the due date. */
export function withKind(draft: RepeatDraft, kind: RepeatKind, due: Date | null): RepeatDraft {
  const next = { ...draft, kind };
  if (kind === 'weekly' && draft.weekdays.length === 0)
    next.weekdays = [weekdayOf(due ?? new Date())];
  if (kind === 'monthly' && draft.monthly === null && due)
    next.monthly = { monthDay: due.getDate() };
  return next;
}

export interface MonthlyChoice {
  value: string;
  label: string;
  on: MonthlyOn | null;
}

function monthlyLabel(on: MonthlyOn | null): string {
  if (on === null) return "On the due date's day";
  if ('weekday' in on) return `On the ${weekOrdinal(on.week)} ${WEEKDAY_NAMES[on.weekday]}`;
  return on.monthDay === -1 ? 'On the last day' : `On day ${on.monthDay}`;
}

const choice = (on: MonthlyOn | null): MonthlyChoice => ({
  value: JSON.stringify(on),
  label: monthlyLabel(on),
  on,
});

/** The days a monthly rule can name for this due date, and the one chosen now. */
export function monthlyChoices(due: Date | null, current: MonthlyOn | null): MonthlyChoice[] {
  const choices: MonthlyChoice[] = [];
  if (due) {
    const day = due.getDate();
    const weekday = weekdayOf(due);
    const length = new Date(due.getFullYear(), due.getMonth() + 1, 0).getDate();
    choices.push(choice({ monthDay: day }), choice({ week: Math.ceil(day / 7), weekday }));
    if (day + 7 > length) choices.push(choice({ week: -1, weekday }));
    choices.push(choice({ monthDay: -1 }));
  }
  const chosen = choice(current);
  if (!choices.some(({ value }) => value === chosen.value)) choices.unshift(chosen);
  return choices;
}

const wholeNumber = (text: string, max: number) => {
  const value = Number(text);
  return /^\d+$/.test(text.trim()) && value >= 1 && value <= max ? value : null;
};

export interface DraftRule {
  rule: RecurrenceRequest | null;
  errors: Record<string, string>;
}

/** The rule the controls make, in the browser's time zone, or why they make none. */
export function ruleFromDraft(draft: RepeatDraft): DraftRule {
  if (draft.kind === 'none') return { rule: null, errors: {} };
  const errors: Record<string, string> = {};
  const interval = wholeNumber(draft.interval, MAX_INTERVAL);
  if (interval === null) errors.interval = `Use a whole number from 1 to ${MAX_INTERVAL}.`;
  if (draft.kind === 'weekly' && draft.weekdays.length === 0) {
    errors.weekdays = 'Choose at least one day.';
  }
  let until: string | null = null;
  if (draft.end === 'until') {
    const [year, month, day] = draft.until.split('-').map(Number);
    // The whole last day counts, in the browser's time zone as the rule's days are.
    const end = new Date(year ?? NaN, (month ?? NaN) - 1, day ?? NaN, 23, 59, 59, 999);
    if (Number.isNaN(end.getTime())) errors.until = 'Choose the last day.';
    else until = end.toISOString();
  }
  const count = draft.end === 'count' ? wholeNumber(draft.count, MAX_COUNT) : null;
  if (draft.end === 'count' && count === null) {
    errors.count = `Use a whole number from 1 to ${MAX_COUNT}.`;
  }
  if (Object.keys(errors).length > 0 || interval === null) return { rule: null, errors };
  const base = { interval, timeZone: browserTimeZone(), until, count };
  switch (draft.kind) {
    case 'weekdays':
      return { rule: { frequency: 'weekly', ...base, weekdays: WORK_WEEK }, errors };
    case 'weekly':
      return { rule: { frequency: 'weekly', ...base, weekdays: draft.weekdays }, errors };
    case 'monthly':
      return {
        rule: { frequency: 'monthly', ...base, ...(draft.monthly && { on: draft.monthly }) },
        errors,
      };
    default:
      return { rule: { frequency: draft.kind, ...base }, errors };
  }
}

/** Whether two rules name the same days; the order of weekdays and the spelling of instants aside. */
export function sameRule(a: Recurrence | null, b: Recurrence | null): boolean {
  const key = (rule: Recurrence | null) =>
    rule &&
    JSON.stringify([
      rule.frequency,
      rule.interval,
      rule.timeZone,
      rule.until && new Date(rule.until).getTime(),
      rule.count,
      rule.frequency === 'weekly' ? [...(rule.weekdays ?? [])].sort() : null,
      rule.frequency === 'monthly' ? (rule.on ?? null) : null,
    ]);
  return key(a) === key(b);
}
