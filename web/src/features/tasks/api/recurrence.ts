// Repeating tasks as the app shows and builds them. The api computes the occurrences; here a rule
// only gets a short label ("Every 2 weeks on Mon, Thu") and the browser's time zone.
import type { Recurrence, RecurrenceRequest, Weekday } from './types';

/** Monday first, as the api and ISO 8601 order them. */
export const WEEKDAYS = [
  'mo',
  'tu',
  'we',
  'th',
  'fr',
  'sa',
  'su',
] as const satisfies readonly Weekday[];
export const WORK_WEEK: Weekday[] = ['mo', 'tu', 'we', 'th', 'fr'];

export const WEEKDAY_SHORT: Record<Weekday, string> = {
  mo: 'Mon',
  tu: 'Tue',
  we: 'Wed',
  th: 'Thu',
  fr: 'Fri',
  sa: 'Sat',
  su: 'Sun',
};

export const WEEKDAY_NAMES: Record<Weekday, string> = {
  mo: 'Monday',
  tu: 'Tuesday',
  we: 'Wednesday',
  th: 'Thursday',
  fr: 'Friday',
  sa: 'Saturday',
  su: 'Sunday',
};

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth'];

/** "second", or "last" for -1: the week of a monthly rule's nth weekday. */
export function weekOrdinal(week: number): string {
  return week === -1 ? 'last' : (ORDINALS[week - 1] ?? `${week}th`);
}

/** The weekday of a date in the browser's time zone. */
export function weekdayOf(date: Date): Weekday {
  return WEEKDAYS[(date.getDay() + 6) % 7]!;
}

/**
 * The browser's time zone, where the rule's days are counted. The document lists the canonical
 * zone names, but the api accepts every zone its runtime knows, aliases too, so the browser's name
 * is sent as it is.
 */
export function browserTimeZone(): RecurrenceRequest['timeZone'] {
  return Intl.DateTimeFormat().resolvedOptions().timeZone as RecurrenceRequest['timeZone'];
}

export function sameWeekdays(a: readonly Weekday[], b: readonly Weekday[]): boolean {
  return a.length === b.length && a.every((day) => b.includes(day));
}

function every(interval: number, unit: string): string {
  return interval === 1 ? `Every ${unit}` : `Every ${interval} ${unit}s`;
}

function period(rule: Recurrence): string {
  switch (rule.frequency) {
    case 'daily':
      return every(rule.interval, 'day');
    case 'weekly': {
      const days = rule.weekdays;
      if (!days) return every(rule.interval, 'week');
      if (rule.interval === 1 && sameWeekdays(days, WORK_WEEK)) return 'Every weekday';
      if (rule.interval === 1 && days.length === 1) return `Every ${WEEKDAY_NAMES[days[0]!]}`;
      const names = WEEKDAYS.filter((day) => days.includes(day)).map((day) => WEEKDAY_SHORT[day]);
      return `${every(rule.interval, 'week')} on ${names.join(', ')}`;
    }
    case 'monthly': {
      const on = rule.on;
      if (!on) return every(rule.interval, 'month');
      const lead = rule.interval === 1 ? 'Monthly' : every(rule.interval, 'month');
      if ('weekday' in on)
        return `${lead} on the ${weekOrdinal(on.week)} ${WEEKDAY_NAMES[on.weekday]}`;
      return on.monthDay === -1 ? `${lead} on the last day` : `${lead} on day ${on.monthDay}`;
    }
    case 'yearly':
      return every(rule.interval, 'year');
  }
}

/** A short label for a rule: "Every weekday", "Monthly on the last Friday, 3 times left". */
export function describeRecurrence(rule: Recurrence): string {
  const parts = [period(rule)];
  if (rule.until) {
    const until = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: rule.timeZone,
    });
    parts.push(`until ${until.format(new Date(rule.until))}`);
  }
  if (rule.count !== null) parts.push(`${rule.count} time${rule.count === 1 ? '' : 's'} left`);
  return parts.join(', ');
}
