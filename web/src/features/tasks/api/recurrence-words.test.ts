import { describe, expect, it } from 'vitest';
import { parseQuickAdd, quickAddProblem } from './quick-add';

// Friday 30 October 2026, 10:00 in the local time zone.
const now = new Date(2026, 9, 30, 10, 0);
const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const rule = { interval: 1, timeZone, until: null, count: null };
/** The start of the local day `days` after today: the due-words parser's time for a bare date. */
const day = (days: number, hours = 0, minutes = 0) =>
  new Date(2026, 9, 30 + days, hours, minutes).toISOString();

describe('repeat rules in the quick-add line', () => {
  it.each([
    ['Stretch every day', { frequency: 'daily' }, 0],
    [
      'Stand-up every weekday',
      { frequency: 'weekly', weekdays: ['mo', 'tu', 'we', 'th', 'fr'] },
      0,
    ],
    ['Review every week', { frequency: 'weekly' }, 0],
    ['Water plants every monday', { frequency: 'weekly', weekdays: ['mo'] }, 3],
    ['Water plants every Mon', { frequency: 'weekly', weekdays: ['mo'] }, 3],
    ['Clean up every friday', { frequency: 'weekly', weekdays: ['fr'] }, 0],
    ['Call home every Sunday', { frequency: 'weekly', weekdays: ['su'] }, 2],
    ['Backup every 3 days', { frequency: 'daily', interval: 3 }, 0],
    ['Sync every 2 weeks', { frequency: 'weekly', interval: 2 }, 0],
    ['Pay rent every month', { frequency: 'monthly' }, 0],
    ['Invoice every 1 month', { frequency: 'monthly' }, 0],
    ['Renew passport every year', { frequency: 'yearly' }, 0],
  ])('reads "%s" and is due on its first occurrence', (line, repeat, firstDay) => {
    const title = line.split(' every ')[0];
    expect(parseQuickAdd(line, now)).toEqual({
      title,
      dueDate: day(firstDay),
      recurrence: { ...rule, ...repeat },
    });
  });

  it('when today is a weekend day, then "every weekday" starts on Monday', () => {
    const saturday = new Date(2026, 9, 31, 10, 0);
    expect(parseQuickAdd('Stand-up every weekday', saturday).dueDate).toBe(day(3));
  });

  it('takes the time and the date the line names besides the rule', () => {
    expect(parseQuickAdd('Stand-up every weekday 11:30 #work', now)).toEqual({
      title: 'Stand-up',
      tags: ['work'],
      dueDate: day(0, 11, 30),
      recurrence: { ...rule, frequency: 'weekly', weekdays: ['mo', 'tu', 'we', 'th', 'fr'] },
    });
    expect(parseQuickAdd('Water plants every monday at 9am', now).dueDate).toBe(day(3, 9));
    expect(parseQuickAdd('Stretch every day tomorrow', now).dueDate).toBe(day(1));
  });

  it('takes the rule out of the middle of the title', () => {
    expect(parseQuickAdd('Call every 2 weeks the bank', now)).toMatchObject({
      title: 'Call the bank',
      recurrence: { frequency: 'weekly', interval: 2 },
    });
  });

  it.each([
    'read every page',
    'Every',
    'Buy milk',
    'every 0 days',
    'every 2 pages',
    'every 1000 years',
  ])('leaves "%s" as a title without a rule', (line) => {
    expect(parseQuickAdd(line, now)).toEqual({ title: line });
  });

  it('when there is only a rule, then the problem asks for a title', () => {
    expect(quickAddProblem(parseQuickAdd('every day', now))).toMatch(/Add a title too/);
  });
});
