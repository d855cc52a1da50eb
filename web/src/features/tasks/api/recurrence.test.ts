import { describe, expect, it } from 'vitest';
import { describeRecurrence } from './recurrence';
import type { Recurrence } from './types';

const base = { interval: 1, timeZone: 'Europe/Berlin', until: null, count: null };

describe('describeRecurrence', () => {
  it.each<[Recurrence, string]>([
    [{ ...base, frequency: 'daily' }, 'Every day'],
    [{ ...base, frequency: 'daily', interval: 3 }, 'Every 3 days'],
    [{ ...base, frequency: 'weekly', weekdays: ['mo', 'tu', 'we', 'th', 'fr'] }, 'Every weekday'],
    [{ ...base, frequency: 'weekly' }, 'Every week'],
    [{ ...base, frequency: 'weekly', weekdays: ['mo'] }, 'Every Monday'],
    [
      { ...base, frequency: 'weekly', interval: 2, weekdays: ['th', 'mo'] },
      'Every 2 weeks on Mon, Thu',
    ],
    [{ ...base, frequency: 'weekly', weekdays: ['sa', 'su'] }, 'Every week on Sat, Sun'],
    [{ ...base, frequency: 'monthly' }, 'Every month'],
    [{ ...base, frequency: 'monthly', on: { monthDay: 15 } }, 'Monthly on day 15'],
    [{ ...base, frequency: 'monthly', on: { monthDay: -1 } }, 'Monthly on the last day'],
    [
      { ...base, frequency: 'monthly', on: { week: 2, weekday: 'tu' } },
      'Monthly on the second Tuesday',
    ],
    [
      { ...base, frequency: 'monthly', on: { week: -1, weekday: 'fr' } },
      'Monthly on the last Friday',
    ],
    [
      { ...base, frequency: 'monthly', interval: 3, on: { week: 1, weekday: 'mo' } },
      'Every 3 months on the first Monday',
    ],
    [{ ...base, frequency: 'yearly' }, 'Every year'],
    [{ ...base, frequency: 'yearly', interval: 2 }, 'Every 2 years'],
  ])('describes %j as "%s"', (rule, label) => {
    expect(describeRecurrence(rule)).toBe(label);
  });

  it('names how many times are left', () => {
    expect(describeRecurrence({ ...base, frequency: 'daily', count: 3 })).toBe(
      'Every day, 3 times left',
    );
    expect(describeRecurrence({ ...base, frequency: 'daily', count: 1 })).toBe(
      'Every day, 1 time left',
    );
  });

  it("names the last day in the rule's time zone", () => {
    // 22:30 UTC on 31 December is still that day in Berlin; 23:30 UTC is 1 January there.
    const rule: Recurrence = { ...base, frequency: 'yearly', until: '2026-12-31T22:30:00.000Z' };
    expect(describeRecurrence(rule)).toBe('Every year, until 31 Dec 2026');
    expect(describeRecurrence({ ...rule, until: '2026-12-31T23:30:00.000Z' })).toBe(
      'Every year, until 1 Jan 2027',
    );
  });
});
