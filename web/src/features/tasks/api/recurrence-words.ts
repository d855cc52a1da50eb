// Repeat rules typed in words in the quick-add line: "every day", "every weekday", "every week",
// "every monday" (or "every mon"), "every month", "every year" and "every 3 days" (or weeks,
// months, years). "every" followed by anything else is part of the title ("read every page").
import { browserTimeZone, weekdayOf, WEEKDAYS, WORK_WEEK } from './recurrence';
import type { RecurrenceRequest, Weekday } from './types';

const DAY_NAMES: Record<string, Weekday> = {
  mon: 'mo',
  monday: 'mo',
  tue: 'tu',
  tues: 'tu',
  tuesday: 'tu',
  wed: 'we',
  wednesday: 'we',
  thu: 'th',
  thur: 'th',
  thurs: 'th',
  thursday: 'th',
  fri: 'fr',
  friday: 'fr',
  sat: 'sa',
  saturday: 'sa',
  sun: 'su',
  sunday: 'su',
};
const UNITS: Record<string, RecurrenceRequest['frequency']> = {
  day: 'daily',
  week: 'weekly',
  month: 'monthly',
  year: 'yearly',
};
/** The api's largest interval. */
const MAX_INTERVAL = 365;

type Rule =
  | { frequency: 'daily' | 'monthly' | 'yearly'; interval: number }
  | { frequency: 'weekly'; interval: number; weekdays?: Weekday[] };

function matchRule(words: string[], at: number): { rule: Rule; length: number } | null {
  const [first, second, third] = words.slice(at, at + 3);
  if (first !== 'every' || second === undefined) return null;
  if (second === 'weekday') {
    return { rule: { frequency: 'weekly', interval: 1, weekdays: WORK_WEEK }, length: 2 };
  }
  if (second in DAY_NAMES) {
    return {
      rule: { frequency: 'weekly', interval: 1, weekdays: [DAY_NAMES[second]!] },
      length: 2,
    };
  }
  if (second in UNITS) return { rule: { frequency: UNITS[second]!, interval: 1 }, length: 2 };
  const unit = third?.replace(/s$/, '');
  if (/^\d{1,3}$/.test(second) && unit && unit in UNITS) {
    const interval = Number(second);
    if (interval >= 1 && interval <= MAX_INTERVAL) {
      return { rule: { frequency: UNITS[unit]!, interval }, length: 3 };
    }
  }
  return null;
}

/** Days from today to the first day the rule names: today, or the next of its weekdays. */
function firstDay(rule: Rule, today: Date): number {
  if (rule.frequency !== 'weekly' || !rule.weekdays) return 0;
  const todayIndex = WEEKDAYS.indexOf(weekdayOf(today));
  return Math.min(...rule.weekdays.map((day) => (WEEKDAYS.indexOf(day) - todayIndex + 7) % 7));
}

export interface RecurrenceWords {
  /** The rule the words name, in the browser's time zone, or null when they name none. */
  recurrence: RecurrenceRequest | null;
  /** Days from today to the rule's first occurrence, for a line that names no date of its own. */
  firstDay: number;
  /** The words that were not part of the rule, in their order and spelling. */
  rest: string[];
}

/** Takes the first repeat rule out of the words. */
export function parseRecurrenceWords(words: string[], now: Date): RecurrenceWords {
  const lower = words.map((word) => word.toLowerCase());
  for (let i = 0; i < words.length; i++) {
    const match = matchRule(lower, i);
    if (!match) continue;
    const recurrence = {
      ...match.rule,
      timeZone: browserTimeZone(),
      until: null,
      count: null,
    } satisfies RecurrenceRequest;
    return {
      recurrence,
      firstDay: firstDay(match.rule, now),
      rest: [...words.slice(0, i), ...words.slice(i + match.length)],
    };
  }
  return { recurrence: null, firstDay: 0, rest: words };
}
