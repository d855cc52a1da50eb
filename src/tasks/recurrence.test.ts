import fc from 'fast-check';
import { rrulestr } from 'rrule';
import { Temporal } from '@js-temporal/polyfill';
import {
  localTimeOf,
  nextOccurrence,
  parseRRule,
  RRuleError,
  successorRule,
  toRRule,
  WEEKDAYS,
  type Recurrence,
} from './recurrence';
import { instantOf } from './time-zone';

/** Two zones with daylight saving on opposite hemispheres, one at midnight, and one without. */
const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney',
  'America/Santiago',
  'Asia/Kolkata',
];

const rule = (fields: Partial<Recurrence> & Pick<Recurrence, 'frequency'>): Recurrence =>
  ({ interval: 1, timeZone: 'UTC', until: null, count: null, ...fields }) as Recurrence;

/**
 * The reference: rrule (the library most calendar code uses) walks the wall-clock calendar, given
 * the due date's local reading as a floating date, and Temporal turns its answer into an instant
 * with the `compatible` disambiguation.
 */
function expected(recurrence: Recurrence, due: Date, localTime: number): Date | null {
  const local = Temporal.Instant.fromEpochMilliseconds(due.getTime())
    .toZonedDateTimeISO(recurrence.timeZone)
    .toPlainDate();
  const start = Temporal.PlainTime.from({ hour: 0 }).add({ milliseconds: localTime });
  const floating = (date: Temporal.PlainDate) =>
    new Date(Date.UTC(date.year, date.month - 1, date.day) + localTime);
  const { until: _until, count: _count, ...open } = recurrence;
  const series = rrulestr(toRRule({ ...open, until: null, count: null } as Recurrence), {
    dtstart: floating(local),
  });
  const next = series.after(floating(local), false);
  if (next === null || (recurrence.count !== null && recurrence.count <= 1)) return null;
  const instant = Temporal.PlainDateTime.from({
    year: next.getUTCFullYear(),
    month: next.getUTCMonth() + 1,
    day: next.getUTCDate(),
  })
    .withPlainTime(start)
    .toZonedDateTime(recurrence.timeZone, { disambiguation: 'compatible' });
  const result = new Date(instant.epochMilliseconds);
  return recurrence.until !== null && result > recurrence.until ? null : result;
}

const weekday = fc.constantFrom(...WEEKDAYS);
const common = {
  interval: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 12 })),
  timeZone: fc.constantFrom(...ZONES),
};
const recurrence: fc.Arbitrary<Recurrence> = fc
  .oneof(
    fc.record({ frequency: fc.constant('daily' as const), ...common }),
    fc.record(
      {
        frequency: fc.constant('weekly' as const),
        ...common,
        weekdays: fc.uniqueArray(weekday, { minLength: 1, maxLength: 7 }),
      },
      { requiredKeys: ['frequency', 'interval', 'timeZone'] },
    ),
    fc.record(
      {
        frequency: fc.constant('monthly' as const),
        ...common,
        on: fc.oneof(
          fc.record({ monthDay: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.constant(-1)) }),
          fc.record({ week: fc.constantFrom(1, 2, 3, 4, 5, -1), weekday }),
        ),
      },
      { requiredKeys: ['frequency', 'interval', 'timeZone'] },
    ),
    fc.record({ frequency: fc.constant('yearly' as const), ...common }),
  )
  .map((fields) => ({ until: null, count: null, ...fields }) as Recurrence);

/** Instants from 1999 to 2041, half of them in the hours around a daylight-saving change. */
const due = fc.oneof(
  fc.date({
    min: new Date('1999-01-01T00:00:00Z'),
    max: new Date('2041-01-01T00:00:00Z'),
    noInvalidDate: true,
  }),
  fc
    .record({
      year: fc.integer({ min: 2000, max: 2040 }),
      change: fc.constantFrom('03-', '04-', '09-', '10-', '11-'),
      day: fc.integer({ min: 1, max: 28 }),
      minutes: fc.integer({ min: 0, max: 24 * 60 - 1 }),
    })
    .map(
      ({ year, change, day, minutes }) =>
        new Date(
          Date.parse(`${year}-${change}${String(day).padStart(2, '0')}T00:00:00Z`) +
            minutes * 60_000,
        ),
    ),
);

describe('nextOccurrence against rrule and Temporal', () => {
  it('agrees for every kind of rule, in zones with and without daylight saving', () => {
    fc.assert(
      fc.property(recurrence, due, (rule, at) => {
        const localTime = localTimeOf(at, rule.timeZone);
        expect(nextOccurrence(rule, at)?.toISOString() ?? null).toBe(
          expected(rule, at, localTime)?.toISOString() ?? null,
        );
      }),
      { numRuns: 3000, seed: 20261202 },
    );
  });

  it('keeps the series time of day after an occurrence that a gap moved', () => {
    fc.assert(
      fc.property(recurrence, due, fc.integer({ min: 0, max: 86_399 }), (rule, at, seconds) => {
        const localTime = seconds * 1000;
        expect(nextOccurrence(rule, at, localTime)?.toISOString() ?? null).toBe(
          expected(rule, at, localTime)?.toISOString() ?? null,
        );
      }),
      { numRuns: 1000, seed: 20261203 },
    );
  });

  it('agrees with Temporal on every wall-clock reading around the changes of 2026', () => {
    for (const zone of ZONES) {
      for (const date of [
        '2026-03-29',
        '2026-04-05',
        '2026-09-06',
        '2026-10-04',
        '2026-10-25',
        '2026-11-01',
      ]) {
        for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
          const wall = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
          const plain = Temporal.PlainDateTime.from(new Date(wall).toISOString().slice(0, 19));
          const reference = plain.toZonedDateTime(zone, { disambiguation: 'compatible' });
          expect([zone, new Date(instantOf(wall, zone)).toISOString()]).toEqual([
            zone,
            new Date(reference.epochMilliseconds).toISOString(),
          ]);
        }
      }
    }
  });
});

describe('nextOccurrence, examples', () => {
  const berlin = { timeZone: 'Europe/Berlin' };
  const next = (r: Recurrence, at: string, localTime?: number) =>
    nextOccurrence(r, new Date(at), localTime)?.toISOString() ?? null;

  it('keeps 09:00 local across the spring and autumn changes', () => {
    expect(next(rule({ frequency: 'daily', ...berlin }), '2026-03-28T08:00:00Z')).toBe(
      '2026-03-29T07:00:00.000Z',
    );
    expect(next(rule({ frequency: 'daily', ...berlin }), '2026-10-24T07:00:00Z')).toBe(
      '2026-10-25T08:00:00.000Z',
    );
  });

  it('moves a time the spring change skips by the gap, and keeps the series time for the next one', () => {
    const daily = rule({ frequency: 'daily', ...berlin });
    const skipped = next(daily, '2026-03-28T01:30:00Z');
    expect(skipped).toBe('2026-03-29T01:30:00.000Z');
    expect(new Date(skipped!).toLocaleTimeString('en-GB', berlin)).toBe('03:30:00');
    expect(next(daily, skipped!, (2 * 60 + 30) * 60_000)).toBe('2026-03-30T00:30:00.000Z');
  });

  it('takes the earlier of the two readings the autumn change repeats', () => {
    expect(next(rule({ frequency: 'daily', ...berlin }), '2026-10-24T00:30:00Z')).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('goes to the last day of each month with -1 and skips months without the 31st', () => {
    const last = rule({ frequency: 'monthly', on: { monthDay: -1 } });
    expect(next(last, '2028-01-31T12:00:00Z')).toBe('2028-02-29T12:00:00.000Z');
    expect(next(last, '2027-01-31T12:00:00Z')).toBe('2027-02-28T12:00:00.000Z');
    const on31 = rule({ frequency: 'monthly', on: { monthDay: 31 } });
    expect(next(on31, '2026-03-31T12:00:00Z')).toBe('2026-05-31T12:00:00.000Z');
  });

  it('repeats 29 February in leap years only', () => {
    expect(next(rule({ frequency: 'yearly' }), '2024-02-29T10:00:00Z')).toBe(
      '2028-02-29T10:00:00.000Z',
    );
  });

  it('finds the nth and the last weekday of a month', () => {
    expect(
      next(rule({ frequency: 'monthly', on: { week: 2, weekday: 'tu' } }), '2026-12-01T10:00:00Z'),
    ).toBe('2026-12-08T10:00:00.000Z');
    expect(
      next(rule({ frequency: 'monthly', on: { week: -1, weekday: 'fr' } }), '2026-12-25T10:00:00Z'),
    ).toBe('2027-01-29T10:00:00.000Z');
  });

  it('on weekdays, goes from Friday to Monday', () => {
    const weekdays = rule({ frequency: 'weekly', weekdays: ['mo', 'tu', 'we', 'th', 'fr'] });
    expect(next(weekdays, '2026-12-04T08:00:00Z')).toBe('2026-12-07T08:00:00.000Z');
  });

  it('every 2 weeks on Monday and Thursday skips the week between', () => {
    const rule2 = rule({ frequency: 'weekly', interval: 2, weekdays: ['mo', 'th'] });
    expect(next(rule2, '2026-11-30T08:00:00Z')).toBe('2026-12-03T08:00:00.000Z');
    expect(next(rule2, '2026-12-03T08:00:00Z')).toBe('2026-12-14T08:00:00.000Z');
  });

  it('ends at the count and at until', () => {
    expect(next(rule({ frequency: 'daily', count: 1 }), '2026-12-01T08:00:00Z')).toBeNull();
    expect(next(rule({ frequency: 'daily', count: 2 }), '2026-12-01T08:00:00Z')).toBe(
      '2026-12-02T08:00:00.000Z',
    );
    expect(successorRule(rule({ frequency: 'daily', count: 2 })).count).toBe(1);
    const until = rule({ frequency: 'daily', until: new Date('2026-12-02T08:00:00Z') });
    expect(next(until, '2026-12-01T08:00:00Z')).toBe('2026-12-02T08:00:00.000Z');
    expect(next(until, '2026-12-02T08:00:00Z')).toBeNull();
  });

  it('ends a series whose days never come', () => {
    const never = rule({ frequency: 'monthly', interval: 12, on: { monthDay: 30 } });
    expect(next(never, '2026-02-10T08:00:00Z')).toBeNull();
  });
});

describe('RRULE text', () => {
  it('reads back what it writes', () => {
    fc.assert(
      fc.property(recurrence, (r) => {
        const parsed = parseRRule(toRRule(r), r.timeZone);
        const { until: _u, count: _c, ...rest } = r;
        expect({ until: null, count: null, ...parsed }).toEqual({
          ...rest,
          until: null,
          count: null,
        });
      }),
      { seed: 20261204 },
    );
    expect(
      parseRRule(
        toRRule(rule({ frequency: 'daily', until: new Date('2026-12-31T10:00:00Z'), count: 3 })),
        'UTC',
      ),
    ).toEqual({
      frequency: 'daily',
      interval: 1,
      timeZone: 'UTC',
      until: '2026-12-31T10:00:00Z',
      count: 3,
    });
  });

  it.each([
    ['FREQ=HOURLY', /FREQ must be/],
    ['FREQ=DAILY;BYHOUR=9', /BYHOUR is not supported/],
    ['FREQ=DAILY;FREQ=DAILY', /given twice/],
    ['FREQ=WEEKLY;BYDAY=XX', /not a day/],
    ['FREQ=MONTHLY;BYDAY=2TU;BYMONTHDAY=3', /not both/],
    ['FREQ=MONTHLY;BYDAY=TU,WE', /one nth day/],
    ['FREQ=DAILY;BYMONTHDAY=3', /takes no BYDAY/],
    ['FREQ=DAILY;UNTIL=tomorrow', /UNTIL must be/],
    ['FREQ=DAILY;COUNT=1.5', /whole number/],
    ['=HYPERLINK("x")', /NAME=VALUE/],
  ])('refuses %s', (text, message) => {
    expect(() => parseRRule(text, 'UTC')).toThrow(RRuleError);
    expect(() => parseRRule(text, 'UTC')).toThrow(message);
  });

  it('reads a date-only UNTIL as the end of that day', () => {
    expect(parseRRule('RRULE:FREQ=DAILY;UNTIL=20261231', 'UTC').until).toBe('2026-12-31T23:59:59Z');
  });
});
