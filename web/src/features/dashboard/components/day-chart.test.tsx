import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { DayChart, shortDateLabel, weekdayLabel } from './day-chart';

/** A calendar date in full in the locale, as the table shows it: "Thursday 5 November 2026". */
const fullDate = (date: string) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'full' }).format(new Date(`${date}T12:00:00`));

/** `count` consecutive dates from `first`, with the given counts (zero for the rest). */
function days(first: string, count: number, counts: Record<number, number> = {}) {
  return Array.from({ length: count }, (_, index) => ({
    date: new Date(Date.parse(`${first}T00:00:00Z`) + index * 86_400_000)
      .toISOString()
      .slice(0, 10),
    count: counts[index] ?? 0,
  }));
}

describe('DayChart', () => {
  it('when it draws 30 days, then each day is a bar and a row of the hidden table, named by the heading', () => {
    const { container } = render(
      <DayChart
        title="Completed, last 30 days"
        days={days('2026-11-05', 30, { 0: 1, 29: 4 })}
        tone="done"
        axis="ends"
      />,
    );
    const chart = screen.getByRole('region', { name: 'Completed, last 30 days' });
    expect(within(chart).getByRole('heading', { name: 'Completed, last 30 days' })).toBeTruthy();
    expect(container.querySelectorAll('.day-bar')).toHaveLength(30);
    const table = within(chart).getByRole('table', { name: 'Completed, last 30 days' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(30);
    const cells = (row: HTMLElement) =>
      [within(row).getByRole('rowheader'), within(row).getByRole('cell')].map(
        (cell) => cell.textContent,
      );
    expect(cells(rows[0]!)).toEqual([fullDate('2026-11-05'), '1']);
    expect(cells(rows[29]!)).toEqual([fullDate('2026-12-04'), '4']);
    expect(fullDate('2026-11-05')).toMatch(/Thursday/);
    expect(chart.textContent).toContain('5 tasks, at most 4 a day');
    // The tallest bar is the day with the most; a day with none has no height.
    const fills = [...container.querySelectorAll<HTMLElement>('.day-bar-fill')];
    expect(fills[29]!.style.height).toBe('100%');
    expect(fills[0]!.style.height).toBe('25%');
    expect(fills[1]!.style.height).toBe('0%');
    // Too many bars for a label each: the first and last days only.
    const axis = container.querySelector('.day-axis')!;
    expect(axis.getAttribute('aria-hidden')).toBe('true');
    expect([...axis.children].map((label) => label.textContent)).toEqual([
      shortDateLabel('2026-11-05'),
      shortDateLabel('2026-12-04'),
    ]);
  });

  it('when it draws 7 days, then every bar has its weekday in the locale and its count', () => {
    const { container } = render(
      <DayChart
        title="Due in the next 7 days"
        days={days('2026-11-30', 7, { 2: 3 })}
        tone="due"
        axis="weekdays"
      />,
    );
    const labels = [...container.querySelector('.day-axis')!.children].map((l) => l.textContent);
    expect(labels).toEqual(
      [
        '2026-11-30',
        '2026-12-01',
        '2026-12-02',
        '2026-12-03',
        '2026-12-04',
        '2026-12-05',
        '2026-12-06',
      ].map(weekdayLabel),
    );
    expect(weekdayLabel('2026-11-30')).toBe(
      new Intl.DateTimeFormat(undefined, { weekday: 'short' }).format(new Date(2026, 10, 30)),
    );
    expect(
      [...container.querySelectorAll('.day-bar-count')].map((count) => count.textContent),
    ).toEqual(['0', '0', '3', '0', '0', '0', '0']);
    expect(screen.getByText('3 tasks')).toBeTruthy();
  });
});
