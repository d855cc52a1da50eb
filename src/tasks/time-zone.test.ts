import { dayBounds } from './time-zone';

describe('dayBounds', () => {
  it('when no zone is given, then the UTC day is used', () => {
    const { start, end } = dayBounds(new Date('2026-03-10T15:00:00Z'));
    expect(start.toISOString()).toBe('2026-03-10T00:00:00.000Z');
    expect(end.toISOString()).toBe('2026-03-11T00:00:00.000Z');
  });

  it('when the zone is ahead of UTC, then the local day can start on the previous UTC date', () => {
    const { start, end } = dayBounds(new Date('2026-03-10T23:30:00Z'), 'Asia/Tokyo');
    expect(start.toISOString()).toBe('2026-03-10T15:00:00.000Z');
    expect(end.toISOString()).toBe('2026-03-11T15:00:00.000Z');
  });

  it('when the zone is behind UTC, then the local day is the previous date', () => {
    const { start } = dayBounds(new Date('2026-03-10T03:00:00Z'), 'America/Los_Angeles');
    // US daylight saving time began on 8 March 2026: Los Angeles is UTC-7.
    expect(start.toISOString()).toBe('2026-03-09T07:00:00.000Z');
  });

  it('when the day has a DST change, then it is 23 or 25 hours long', () => {
    const spring = dayBounds(new Date('2026-03-29T12:00:00Z'), 'Europe/Berlin');
    expect(spring.start.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(spring.end.getTime() - spring.start.getTime()).toBe(23 * 3_600_000);
    const autumn = dayBounds(new Date('2026-10-25T12:00:00Z'), 'Europe/Berlin');
    expect(autumn.start.toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(autumn.end.getTime() - autumn.start.getTime()).toBe(25 * 3_600_000);
  });

  it('when the zone has a half-hour offset, then the bounds follow it', () => {
    const { start } = dayBounds(new Date('2026-06-01T12:00:00Z'), 'Asia/Kolkata');
    expect(start.toISOString()).toBe('2026-05-31T18:30:00.000Z');
  });
});
