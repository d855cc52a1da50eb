// Due dates typed in words in the quick-add line: "today", "tomorrow", a weekday ("fri",
// "friday": the next one after today), "next week" (next Monday), "in 3 days", "in 2 weeks", and
// a time ("17:00", "5pm", "5:30pm", optionally after "at"). Everything is in the browser's time
// zone; a date without a time is the start of that day, as the edit dialog stores it.

const WEEKDAYS: Record<string, number> = {
  sun: 0,
  sunday: 0,
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
};
const MAX_DAYS_AHEAD = 3660;

interface Match<T> {
  value: T;
  length: number;
}

/** Days from today that the words starting at `at` name, and how many words that took. */
function matchDay(words: string[], at: number, today: Date): Match<number> | null {
  const [first, second, third] = words.slice(at, at + 3);
  if (first === 'today') return { value: 0, length: 1 };
  if (first === 'tomorrow' || first === 'tmr') return { value: 1, length: 1 };
  if (first !== undefined && first in WEEKDAYS) {
    return { value: (WEEKDAYS[first]! - today.getDay() + 7) % 7 || 7, length: 1 };
  }
  if (first === 'next' && second === 'week') {
    return { value: (1 - today.getDay() + 7) % 7 || 7, length: 2 };
  }
  if (first === 'in' && second && /^\d{1,4}$/.test(second) && third) {
    const unit = /^(days?|weeks?)$/.exec(third)?.[1];
    const days = Number(second) * (unit?.startsWith('week') ? 7 : 1);
    if (unit && days > 0 && days <= MAX_DAYS_AHEAD) return { value: days, length: 3 };
  }
  return null;
}

interface Time {
  hours: number;
  minutes: number;
}

function parseTime(word: string | undefined): Time | null {
  if (!word) return null;
  const clock = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(word);
  if (clock) return { hours: Number(clock[1]), minutes: Number(clock[2]) };
  const twelve = /^(1[0-2]|0?[1-9])(?::([0-5]\d))?(am|pm)$/.exec(word);
  if (!twelve) return null;
  const hours = (Number(twelve[1]) % 12) + (twelve[3] === 'pm' ? 12 : 0);
  return { hours, minutes: Number(twelve[2] ?? 0) };
}

function matchTime(words: string[], at: number): Match<Time> | null {
  const direct = parseTime(words[at]);
  if (direct) return { value: direct, length: 1 };
  const afterAt = words[at] === 'at' ? parseTime(words[at + 1]) : null;
  return afterAt ? { value: afterAt, length: 2 } : null;
}

export interface DueWords {
  /** The due instant as an ISO string, or null when the words name none. */
  dueDate: string | null;
  /** The words that were not part of the date, in their order and spelling. */
  rest: string[];
}

/**
 * Takes the first date and the first time out of the words. With `defaultDay` (days from today:
 * a repeating task's first occurrence) words without a date mean that day, and words with
 * neither a date nor a time mean the start of it.
 */
export function parseDueWords(words: string[], now: Date, defaultDay?: number): DueWords {
  const lower = words.map((word) => word.toLowerCase());
  let days: number | null = null;
  let time: Time | null = null;
  const rest: string[] = [];
  for (let i = 0; i < words.length;) {
    const day: Match<number> | null = days === null ? matchDay(lower, i, now) : null;
    if (day) {
      days = day.value;
      i += day.length;
      continue;
    }
    const clock: Match<Time> | null = time === null ? matchTime(lower, i) : null;
    if (clock) {
      time = clock.value;
      i += clock.length;
      continue;
    }
    rest.push(words[i]!);
    i += 1;
  }
  if (days === null && time === null && defaultDay === undefined) return { dueDate: null, rest };
  const at = (offset: number) =>
    new Date(
      now.getFullYear(),
      now.getMonth(),
      now.getDate() + offset,
      time?.hours ?? 0,
      time?.minutes ?? 0,
    );
  let due = at(days ?? defaultDay ?? 0);
  // A time on its own means its next occurrence.
  if (days === null && defaultDay === undefined && due <= now) due = at(1);
  return { dueDate: due.toISOString(), rest };
}
