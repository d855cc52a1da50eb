// Wall-clock time in an IANA time zone, without a date library: what a clock there reads at an
// instant, the instant a reading names, and the bounds of a calendar day.

const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The wall-clock reading at an instant, as milliseconds of a UTC calendar with the same fields. */
export function wallAt(instant: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const seconds = Date.UTC(
    fields.year!,
    fields.month! - 1,
    fields.day!,
    fields.hour!,
    fields.minute!,
    fields.second!,
  );
  return seconds + (((instant % 1000) + 1000) % 1000);
}

/**
 * The instant a wall-clock reading names, with the `compatible` disambiguation of Temporal and
 * RFC 5545: a reading the clock skips (a daylight-saving gap) falls later by the gap, and one it
 * shows twice is the earlier instant.
 */
export function instantOf(wall: number, timeZone: string): number {
  const offsetBefore = wallAt(wall - DAY_MS, timeZone) - (wall - DAY_MS);
  const offsetAfter = wallAt(wall + DAY_MS, timeZone) - (wall + DAY_MS);
  const valid = [wall - offsetBefore, wall - offsetAfter].filter(
    (instant) => wallAt(instant, timeZone) === wall,
  );
  // No valid instant: the reading is in a gap, and the offset before it moves it past the gap.
  return valid.length > 0 ? Math.min(...valid) : wall - offsetBefore;
}

export interface LocalDay {
  /** The calendar date, YYYY-MM-DD. */
  date: string;
  start: Date;
  end: Date;
}

/**
 * `count` consecutive calendar days in the time zone (UTC by default), the first `from` days after
 * the one containing `now` (before it when negative), each [start, end) as UTC instants. Each day
 * runs from its own midnight to the next, so one with a daylight-saving change lasts 23 or 25
 * hours.
 */
export function localDays(now: Date, timeZone = 'UTC', from: number, count: number): LocalDay[] {
  const first = Math.floor(wallAt(now.getTime(), timeZone) / DAY_MS) + from;
  const midnights = Array.from({ length: count + 1 }, (_, i) =>
    instantOf((first + i) * DAY_MS, timeZone),
  );
  return midnights.slice(0, count).map((start, i) => ({
    date: new Date((first + i) * DAY_MS).toISOString().slice(0, 10),
    start: new Date(start),
    end: new Date(midnights[i + 1]!),
  }));
}
