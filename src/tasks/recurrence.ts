// Repeating tasks: the next due date of a series, computed on the calendar of the rule's time
// zone, and the rule written as an iCalendar RRULE (RFC 5545) for CSV files.
//
// A series keeps its wall-clock time of day. Where that time does not exist (the hour a
// daylight-saving change skips) an occurrence falls later by the length of the gap, and where
// it exists twice the earlier instant is taken: the `compatible` disambiguation of Temporal and
// of RFC 5545. The series' own time (`localTime`) is kept apart from the due date, so an
// occurrence moved by a gap does not move the ones after it.

import { instantOf, wallAt } from './time-zone';

export const FREQUENCIES = ['daily', 'weekly', 'monthly', 'yearly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
/** Monday first, as ISO 8601 and the RRULE default week start. */
export const WEEKDAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A day of the month (1–31, or -1 for the last day), or the nth weekday (1–5, or -1 for the last). */
export type MonthlyOn = { monthDay: number } | { week: number; weekday: Weekday };

interface RuleBase {
  interval: number;
  timeZone: string;
  /** No occurrence after this instant. */
  until: Date | null;
  /** Occurrences left, this one included; the one with 1 has no successor. */
  count: number | null;
}
export type Recurrence =
  | (RuleBase & { frequency: 'daily' })
  | (RuleBase & { frequency: 'weekly'; weekdays?: Weekday[] })
  | (RuleBase & { frequency: 'monthly'; on?: MonthlyOn })
  | (RuleBase & { frequency: 'yearly' });

const DAY_MS = 86_400_000;
/** A rule whose days never come (the 31st every 12 months from a February) ends the series. */
const MAX_PERIODS = 1000;

/** The time of day (milliseconds after local midnight) of an instant in the time zone. */
export function localTimeOf(instant: Date, timeZone: string): number {
  const wall = wallAt(instant.getTime(), timeZone);
  return wall - Math.floor(wall / DAY_MS) * DAY_MS;
}

interface CalendarDate {
  year: number;
  /** 0–11 */
  month: number;
  day: number;
}
const dayNumber = ({ year, month, day }: CalendarDate) => Date.UTC(year, month, day) / DAY_MS;
const daysInMonth = (year: number, month: number) =>
  new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
/** 0 for Monday … 6 for Sunday; day 0 (1970-01-01) was a Thursday. */
const weekdayIndex = (day: number) => (((day + 3) % 7) + 7) % 7;

/** The day of a month a monthly rule names, or undefined when that month has none. */
function monthlyDay(year: number, month: number, on: MonthlyOn): number | undefined {
  const length = daysInMonth(year, month);
  if ('monthDay' in on) {
    const day = on.monthDay === -1 ? length : on.monthDay;
    return day <= length ? day : undefined;
  }
  const target = WEEKDAYS.indexOf(on.weekday);
  if (on.week === -1) {
    const last = dayNumber({ year, month, day: length });
    return length - ((weekdayIndex(last) - target + 7) % 7);
  }
  const first = dayNumber({ year, month, day: 1 });
  const day = 1 + ((target - weekdayIndex(first) + 7) % 7) + (on.week - 1) * 7;
  return day <= length ? day : undefined;
}

/** The first day after `from` (a day number) that the rule names, or undefined. */
function nextDay(rule: Recurrence, from: number): number | undefined {
  const start = new Date(from * DAY_MS);
  const date = {
    year: start.getUTCFullYear(),
    month: start.getUTCMonth(),
    day: start.getUTCDate(),
  };
  switch (rule.frequency) {
    case 'daily':
      return from + rule.interval;
    case 'weekly': {
      const days = (rule.weekdays ?? [WEEKDAYS[weekdayIndex(from)]!]).map((d) =>
        WEEKDAYS.indexOf(d),
      );
      const monday = from - weekdayIndex(from);
      for (let week = 0; week <= rule.interval; week += rule.interval) {
        const candidates = days
          .map((weekday) => monday + week * 7 + weekday)
          .filter((day) => day > from);
        if (candidates.length > 0) return Math.min(...candidates);
      }
      return undefined;
    }
    case 'monthly': {
      const on = rule.on ?? { monthDay: date.day };
      for (let period = 0; period <= MAX_PERIODS; period++) {
        const months = date.month + period * rule.interval;
        const year = date.year + Math.floor(months / 12);
        const month = months % 12;
        const day = monthlyDay(year, month, on);
        if (day === undefined) continue;
        const candidate = dayNumber({ year, month, day });
        if (candidate > from) return candidate;
      }
      return undefined;
    }
    case 'yearly':
      for (let period = 1; period <= MAX_PERIODS; period++) {
        const year = date.year + period * rule.interval;
        if (date.day <= daysInMonth(year, date.month)) return dayNumber({ ...date, year });
      }
      return undefined;
  }
}

/**
 * The due date of the occurrence after the one due at `due`, or null when the series ends there
 * (its count is spent, the next one would be after `until`, or the rule names no further day).
 * `localTime` is the series' time of day; by default that of `due`.
 */
export function nextOccurrence(
  rule: Recurrence,
  due: Date,
  localTime = localTimeOf(due, rule.timeZone),
): Date | null {
  if (rule.count !== null && rule.count <= 1) return null;
  const today = Math.floor(wallAt(due.getTime(), rule.timeZone) / DAY_MS);
  const day = nextDay(rule, today);
  if (day === undefined) return null;
  const next = new Date(instantOf(day * DAY_MS + localTime, rule.timeZone));
  return rule.until !== null && next > rule.until ? null : next;
}

/** The rule that the next occurrence carries: one fewer left. */
export const successorRule = <R extends Recurrence>(rule: R): R =>
  rule.count === null ? rule : { ...rule, count: rule.count - 1 };

const FREQUENCY_NAMES: Record<Frequency, string> = {
  daily: 'DAILY',
  weekly: 'WEEKLY',
  monthly: 'MONTHLY',
  yearly: 'YEARLY',
};
const utcStamp = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** The rule as an RRULE value (without the time zone, which travels beside it). */
export function toRRule(rule: Recurrence): string {
  const parts = [`FREQ=${FREQUENCY_NAMES[rule.frequency]}`];
  if (rule.interval !== 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.frequency === 'weekly' && rule.weekdays) {
    parts.push(`BYDAY=${rule.weekdays.map((day) => day.toUpperCase()).join(',')}`);
  }
  if (rule.frequency === 'monthly' && rule.on) {
    parts.push(
      'monthDay' in rule.on
        ? `BYMONTHDAY=${rule.on.monthDay}`
        : `BYDAY=${rule.on.week}${rule.on.weekday.toUpperCase()}`,
    );
  }
  if (rule.until) parts.push(`UNTIL=${utcStamp(rule.until)}`);
  if (rule.count !== null) parts.push(`COUNT=${rule.count}`);
  return parts.join(';');
}

export class RRuleError extends Error {}

const STAMP = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z)?$/;
const NTH_DAY = /^(-1|[1-5])(MO|TU|WE|TH|FR|SA|SU)$/;

/**
 * The RRULE subset that `toRRule` writes, as a rule in the time zone: FREQ, INTERVAL, BYDAY (a
 * list of days for WEEKLY, one nth day for MONTHLY), BYMONTHDAY (one day), UNTIL, COUNT. The
 * result still goes through the task schema, which checks the ranges.
 */
export function parseRRule(text: string, timeZone: string): Record<string, unknown> {
  const fields = new Map<string, string>();
  for (const part of text
    .trim()
    .replace(/^RRULE:/i, '')
    .split(';')) {
    const match = /^([A-Z]+)=(.+)$/i.exec(part.trim());
    if (!match) throw new RRuleError(`"${part}" is not NAME=VALUE`);
    const name = match[1]!.toUpperCase();
    if (fields.has(name)) throw new RRuleError(`${name} is given twice`);
    fields.set(name, match[2]!.toUpperCase());
  }
  const frequency = FREQUENCIES.find((f) => FREQUENCY_NAMES[f] === fields.get('FREQ'));
  if (!frequency) throw new RRuleError('FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY');
  const unknown = [...fields.keys()].filter(
    (name) => !['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'UNTIL', 'COUNT'].includes(name),
  );
  if (unknown.length > 0) throw new RRuleError(`${unknown.join(', ')} is not supported`);
  const integer = (name: string) => {
    const value = fields.get(name);
    if (value === undefined) return undefined;
    if (!/^-?\d{1,6}$/.test(value)) throw new RRuleError(`${name} must be a whole number`);
    return Number(value);
  };
  const rule: Record<string, unknown> = { frequency, timeZone, interval: integer('INTERVAL') ?? 1 };
  const until = fields.get('UNTIL');
  if (until !== undefined) {
    const stamp = STAMP.exec(until);
    if (!stamp) throw new RRuleError('UNTIL must be a UTC date-time such as 20261231T235959Z');
    const [, y, mo, d, h = '23', mi = '59', s = '59'] = stamp;
    rule.until = `${y}-${mo}-${d}T${h}:${mi}:${s}Z`;
  }
  const count = integer('COUNT');
  if (count !== undefined) rule.count = count;
  const byDay = fields.get('BYDAY');
  const monthDay = integer('BYMONTHDAY');
  if (frequency === 'weekly' && byDay !== undefined) {
    rule.weekdays = byDay.split(',').map((day) => {
      if (!/^(MO|TU|WE|TH|FR|SA|SU)$/.test(day)) throw new RRuleError(`BYDAY ${day} is not a day`);
      return day.toLowerCase();
    });
  } else if (frequency === 'monthly' && (byDay !== undefined || monthDay !== undefined)) {
    if (byDay !== undefined && monthDay !== undefined) {
      throw new RRuleError('a monthly rule takes BYDAY or BYMONTHDAY, not both');
    }
    if (byDay !== undefined) {
      const nth = NTH_DAY.exec(byDay);
      if (!nth)
        throw new RRuleError('BYDAY of a monthly rule must be one nth day such as 2TU or -1FR');
      rule.on = { week: Number(nth[1]), weekday: nth[2]!.toLowerCase() };
    } else {
      rule.on = { monthDay };
    }
  } else if (byDay !== undefined || monthDay !== undefined) {
    throw new RRuleError(`a ${frequency} rule takes no BYDAY or BYMONTHDAY`);
  }
  return rule;
}
