import { localDays } from './time-zone';

const today = (now: Date, timeZone = 'UTC') => localDays(now, timeZone, 0, 1)[0]!;

describe('localDays', () => {
  it('when no zone is given, then the UTC day is used', () => {
    const { start, end } = today(new Date('2026-03-10T15:00:00Z'));
    expect(start.toISOString()).toBe('2026-03-10T00:00:00.000Z');
    expect(end.toISOString()).toBe('2026-03-11T00:00:00.000Z');
  });

  it('when the zone is ahead of UTC, then the local day can start on the previous UTC date', () => {
    const { start, end } = today(new Date('2026-03-10T23:30:00Z'), 'Asia/Tokyo');
    expect(start.toISOString()).toBe('2026-03-10T15:00:00.000Z');
    expect(end.toISOString()).toBe('2026-03-11T15:00:00.000Z');
  });

  it('when the zone is behind UTC, then the local day is the previous date', () => {
    const { start } = today(new Date('2026-03-10T03:00:00Z'), 'America/Los_Angeles');
    // US daylight saving time began on 8 March 2026: Los Angeles is UTC-7.
    expect(start.toISOString()).toBe('2026-03-09T07:00:00.000Z');
  });

  it('when the day has a DST change, then it is 23 or 25 hours long', () => {
    const spring = today(new Date('2026-03-29T12:00:00Z'), 'Europe/Berlin');
    expect(spring.start.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(spring.end.getTime() - spring.start.getTime()).toBe(23 * 3_600_000);
    const autumn = today(new Date('2026-10-25T12:00:00Z'), 'Europe/Berlin');
    expect(autumn.start.toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(autumn.end.getTime() - autumn.start.getTime()).toBe(25 * 3_600_000);
  });

  it('when the zone has a half-hour offset, then the bounds follow it', () => {
    const { start } = today(new Date('2026-06-01T12:00:00Z'), 'Asia/Kolkata');
    expect(start.toISOString()).toBe('2026-05-31T18:30:00.000Z');
  });

  it('when a series spans a DST change, then each day runs from its own midnight', () => {
    const days = localDays(new Date('2026-04-01T12:00:00Z'), 'Europe/London', -29, 30);
    expect(days).toHaveLength(30);
    expect(days[0]!.date).toBe('2026-03-03');
    expect(days[29]!.date).toBe('2026-04-01');
    const change = days.findIndex((day) => day.date === '2026-03-29');
    expect(days[change]!.start.toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(days[change]!.end.toISOString()).toBe('2026-03-29T23:00:00.000Z');
    expect(days[change - 1]!.end).toEqual(days[change]!.start);
    expect(days[change + 1]!.start).toEqual(days[change]!.end);
  });

  it('when the days start after today, then the first is the given number of days ahead', () => {
    const days = localDays(new Date('2026-04-01T12:00:00Z'), 'Pacific/Auckland', 0, 7);
    // 12:00 UTC is already 2 April in Auckland; the clocks go back an hour on 5 April.
    expect(days.map((day) => day.date)).toEqual([
      '2026-04-02',
      '2026-04-03',
      '2026-04-04',
      '2026-04-05',
      '2026-04-06',
      '2026-04-07',
      '2026-04-08',
    ]);
    const autumn = days[3]!;
    expect(autumn.start.toISOString()).toBe('2026-04-04T11:00:00.000Z');
    expect(autumn.end.getTime() - autumn.start.getTime()).toBe(25 * 3_600_000);
  });

  it('when midnight is the hour a DST change skips, then the day starts when the clock resumes', () => {
    // Chile moves its clocks from 00:00 to 01:00 on 6 September 2026.
    const [day] = localDays(new Date('2026-09-06T15:00:00Z'), 'America/Santiago', 0, 1);
    expect(day!.date).toBe('2026-09-06');
    expect(day!.start.toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(day!.end.getTime() - day!.start.getTime()).toBe(23 * 3_600_000);
  });
});
