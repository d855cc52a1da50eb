import { describe, expect, it } from 'vitest';
import {
  calendarDaysFrom,
  dueLabel,
  fromLocalInputValue,
  isOverdue,
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
});
