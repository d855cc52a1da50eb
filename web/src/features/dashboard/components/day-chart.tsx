import { useId, type CSSProperties } from 'react';
import type { DayCount } from '@/lib/api/types';

// The days are calendar dates in the user's time zone, already counted by the api: they are
// formatted as UTC midnights so the browser's own offset cannot move them to another day.
const asDate = (date: string) => new Date(`${date}T00:00:00Z`);
const weekdayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', timeZone: 'UTC' });
const shortFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeZone: 'UTC' });

/** A day's short weekday in the user's locale, "Mon". */
export const weekdayLabel = (date: string) => weekdayFormat.format(asDate(date));
/** A day as a short date in the user's locale, "30 Nov". */
export const shortDateLabel = (date: string) => shortFormat.format(asDate(date));

/**
 * Tasks per day as vertical bars. The bars are drawn for the eye only; a visually hidden table
 * holds every day and its count for screen readers, and the section is named by its heading.
 * `axis` labels the bars: every one, or the first and last only when there are too many to fit.
 */
export function DayChart({
  title,
  days,
  tone,
  axis,
}: {
  title: string;
  days: DayCount[];
  tone: 'done' | 'due';
  axis: 'weekdays' | 'ends';
}) {
  const headingId = useId();
  const max = Math.max(1, ...days.map((day) => day.count));
  const total = days.reduce((sum, day) => sum + day.count, 0);
  return (
    <section className={`chart day-chart is-${tone}`} aria-labelledby={headingId}>
      <h2 id={headingId} className="chart-title">
        {title}
      </h2>
      <p className="chart-summary">
        {total} {total === 1 ? 'task' : 'tasks'}
        {axis === 'ends' && total > 0 && `, at most ${max} a day`}
      </p>
      <div
        className={`day-bars${axis === 'weekdays' ? ' has-counts' : ''}`}
        aria-hidden="true"
        style={{ '--days': days.length } as CSSProperties}
      >
        {days.map((day) => (
          <div
            key={day.date}
            className="day-bar"
            title={`${fullFormat.format(asDate(day.date))}: ${day.count}`}
          >
            {axis === 'weekdays' && <span className="day-bar-count">{day.count}</span>}
            <span className="day-bar-fill" style={{ height: `${(day.count / max) * 100}%` }} />
          </div>
        ))}
      </div>
      {axis === 'weekdays' ? (
        <div
          className="day-axis"
          aria-hidden="true"
          style={{ '--days': days.length } as CSSProperties}
        >
          {days.map((day) => (
            <span key={day.date}>{weekdayLabel(day.date)}</span>
          ))}
        </div>
      ) : (
        <div className="day-axis is-ends" aria-hidden="true">
          <span>{shortDateLabel(days[0]!.date)}</span>
          <span>{shortDateLabel(days.at(-1)!.date)}</span>
        </div>
      )}
      {/* Hidden by its wrapper: a table is never narrower than its content, so one hidden by
          itself would still widen the page. */}
      <div className="sr-only">
        <table aria-labelledby={headingId}>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Tasks</th>
            </tr>
          </thead>
          <tbody>
            {days.map((day) => (
              <tr key={day.date}>
                <th scope="row">{fullFormat.format(asDate(day.date))}</th>
                <td>{day.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
