// Dates travel in UTC and are shown and grouped ("today", "overdue") in the browser's time zone.

const DAY_MS = 86_400_000;

function startOfLocalDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** Whole calendar days from today to the date, in local time (negative when in the past). */
export function calendarDaysFrom(now: Date, date: Date): number {
  return Math.round((startOfLocalDay(date) - startOfLocalDay(now)) / DAY_MS);
}

export function isOverdue(task: { dueDate: string | null; status: string }, now = new Date()) {
  return task.dueDate !== null && task.status !== 'done' && new Date(task.dueDate) < now;
}

export interface DueLabel {
  text: string;
  overdue: boolean;
  /** Full local date and time, for a tooltip and for screen readers. */
  full: string;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

/** An instant as its full local date and time, "Thursday 3 December 2026 at 17:00". */
export const fullDateTime = (iso: string): string => fullFormat.format(new Date(iso));
const shortDate = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const shortDateYear = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  year: 'numeric',
});

const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
});

/** A due date as a short absolute label, "Sat, 31 Oct" or "Sat, 31 Oct, 17:00" (local time). */
export function dueDayLabel(iso: string): string {
  const due = new Date(iso);
  const hasTime = due.getHours() !== 0 || due.getMinutes() !== 0;
  return hasTime ? `${dayFormat.format(due)}, ${timeFormat.format(due)}` : dayFormat.format(due);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function dueLabel(
  task: { dueDate: string | null; status: string },
  now = new Date(),
): DueLabel | null {
  if (!task.dueDate) return null;
  const due = new Date(task.dueDate);
  const days = calendarDaysFrom(now, due);
  const overdue = isOverdue(task, now);
  const hasTime = due.getHours() !== 0 || due.getMinutes() !== 0;
  const at = hasTime ? ` ${timeFormat.format(due)}` : '';
  let text: string;
  if (days < 0) text = overdue ? `${plural(-days, 'day')} overdue` : `${plural(-days, 'day')} ago`;
  else if (days === 0) text = `today${at}`;
  else if (days === 1) text = `tomorrow${at}`;
  else if (days < 14) text = `in ${plural(days, 'day')}`;
  else text = (due.getFullYear() === now.getFullYear() ? shortDate : shortDateYear).format(due);
  return { text, overdue, full: fullFormat.format(due) };
}

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', DAY_MS],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** A past instant as "just now", "5 minutes ago", "yesterday"; a date beyond a month ago. */
export function timeAgoLabel(iso: string, now = new Date()): string {
  const then = new Date(iso);
  const elapsed = now.getTime() - then.getTime();
  if (elapsed >= 30 * DAY_MS) {
    return (then.getFullYear() === now.getFullYear() ? shortDate : shortDateYear).format(then);
  }
  for (const [unit, size] of RELATIVE_UNITS) {
    if (elapsed >= size) return relativeFormat.format(-Math.floor(elapsed / size), unit);
  }
  return 'just now';
}

/**
 * An ISO instant as the value of an <input type="datetime-local"> in local time. Seconds are
 * written only when there are some, so a time set to the second is not cut to the minute.
 */
export function toLocalInputValue(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  const seconds = date.getSeconds() === 0 ? '' : `:${pad(date.getSeconds())}`;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}${seconds}`;
}

/** The value of an <input type="datetime-local"> (local time) as a UTC ISO instant, or null. */
export function fromLocalInputValue(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
