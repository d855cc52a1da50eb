import { describe, expect, it } from 'vitest';
import {
  calendarDaysFrom,
  dueLabel,
  fromLocalInputValue,
  isOverdue,
  timeAgoLabel,
  toLocalInputValue,
} from './dates';

const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min);
const now = local(2026, 3, 10, 12, 0);
const task = (due: Date | null, status = 'todo') => ({
  dueDate: due ? due.toISOString() : null,
  status,
});

describe('due dates', () => {
  it('counts calendar days in local time, not 24-hour spans', () => {
    expect(calendarDaysFrom(local(2026, 3, 10, 23, 59), local(2026, 3, 11, 0, 1))).toBe(1);
    expect(calendarDaysFrom(now, local(2026, 3, 7, 18))).toBe(-3);
  });

  it.each([
    [local(2026, 3, 12), 'in 2 days', false],
    [local(2026, 3, 11), 'tomorrow', false],
    [local(2026, 3, 7), '3 days overdue', true],
    [local(2026, 3, 9, 8), '1 day overdue', true],
  ])('when due %s, then it reads "%s"', (due, text, overdue) => {
    expect(dueLabel(task(due), now)).toMatchObject({ text, overdue });
  });

  it('when due today after now, then it says today with the time and is not overdue', () => {
    const label = dueLabel(task(local(2026, 3, 10, 17, 30)), now)!;
    expect(label.text).toMatch(/^today /);
    expect(label.overdue).toBe(false);
  });

  it('when due earlier today, then it is overdue', () => {
    expect(dueLabel(task(local(2026, 3, 10, 9)), now)?.overdue).toBe(true);
  });

  it('when a done task is past its date, then it is not overdue', () => {
    expect(isOverdue(task(local(2026, 3, 1), 'done'), now)).toBe(false);
    expect(dueLabel(task(local(2026, 3, 7), 'done'), now)?.text).toBe('3 days ago');
  });

  it('when far away, then it shows the date', () => {
    expect(dueLabel(task(local(2026, 6, 1)), now)?.text).not.toMatch(/^in /);
  });

  it('when there is no due date, then there is no label', () => {
    expect(dueLabel(task(null), now)).toBeNull();
  });

  it('round-trips a datetime-local value through UTC', () => {
    const iso = fromLocalInputValue('2026-03-10T17:30')!;
    expect(iso).toBe(local(2026, 3, 10, 17, 30).toISOString());
    expect(toLocalInputValue(iso)).toBe('2026-03-10T17:30');
    expect(fromLocalInputValue('')).toBeNull();
  });

  it('keeps the seconds of a time set to the second, and writes none when there are none', () => {
    const iso = new Date(2026, 11, 3, 17, 0, 5).toISOString();
    expect(toLocalInputValue(iso)).toBe('2026-12-03T17:00:05');
    expect(fromLocalInputValue('2026-12-03T17:00:05')).toBe(iso);
    expect(toLocalInputValue(local(2026, 12, 3, 17, 0).toISOString())).toBe('2026-12-03T17:00');
  });
});

describe('time ago', () => {
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

  it('says how long ago in the largest whole unit', () => {
    expect(timeAgoLabel(ago(10_000), now)).toBe('just now');
    expect(timeAgoLabel(ago(60_000), now)).toBe('1 minute ago');
    expect(timeAgoLabel(ago(5 * 60_000 + 59_000), now)).toBe('5 minutes ago');
    expect(timeAgoLabel(ago(3 * 3_600_000), now)).toBe('3 hours ago');
    expect(timeAgoLabel(ago(86_400_000), now)).toBe('yesterday');
    expect(timeAgoLabel(ago(6 * 86_400_000), now)).toBe('6 days ago');
  });

  it('gives a date when it was more than a month ago', () => {
    expect(timeAgoLabel(local(2025, 12, 24, 9).toISOString(), now)).toMatch(/2025/);
  });
});
