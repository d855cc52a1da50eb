// Calendar-day boundaries in an IANA time zone, without a date library.

function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)!.value);
  const wall = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The UTC instant of local midnight on the given local calendar date. */
function localMidnight(year: number, month: number, day: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, day);
  const first = guess - offsetMs(guess, timeZone);
  // Across a DST change the offset at midnight differs from the offset at the guess.
  return guess - offsetMs(first, timeZone);
}

/** [start, end) of the calendar day containing `now` in the time zone, as UTC instants. */
export function dayBounds(now: Date, timeZone = 'UTC'): { start: Date; end: Date } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(now);
  const get = (type: string) => Number(parts.find((part) => part.type === type)!.value);
  const [year, month, day] = [get('year'), get('month'), get('day')];
  return {
    start: new Date(localMidnight(year, month, day, timeZone)),
    end: new Date(localMidnight(year, month, day + 1, timeZone)),
  };
}
