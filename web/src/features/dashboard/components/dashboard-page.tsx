import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from '@/lib/router';
import { Spinner } from '@/components/ui/spinner';
import { errorMessage } from '@/components/ui/form-error';
import { browserTimeZone } from '@/lib/timezone';
import { statsQueryOptions } from '../api/stats';
import { BarChart } from './bar-chart';
import { DayChart } from './day-chart';

function Metric({
  label,
  value,
  to,
  tone,
}: {
  label: string;
  value: number;
  to: string;
  tone?: string;
}) {
  return (
    <Link to={to} className={`metric${tone ? ` ${tone}` : ''}`}>
      <span
        className="metric-value"
        data-testid={`metric-${label.toLowerCase().replace(/\W+/g, '-')}`}
      >
        {value}
      </span>
      <span className="metric-label">{label}</span>
    </Link>
  );
}

export function DashboardPage() {
  const timeZone = browserTimeZone();
  const project = useSearchParams()[0].get('project') ?? '';
  const stats = useQuery(statsQueryOptions(timeZone, project));
  // Each number leads to the tasks it counts, in the same project.
  const listOf = (query: string) => {
    const params = new URLSearchParams(query);
    if (project) params.set('project', project);
    const search = params.toString();
    return search ? `/?${search}` : '/';
  };

  return (
    <div className="page">
      <h1 className="page-title">Dashboard</h1>
      {stats.isPending && <Spinner label="Counting your tasks…" />}
      {stats.isError && (
        <div className="empty" role="alert">
          <h2>The numbers could not be loaded</h2>
          <p>{errorMessage(stats.error)}</p>
          <button type="button" className="button" onClick={() => void stats.refetch()}>
            Try again
          </button>
        </div>
      )}
      {stats.data && (
        <>
          <div className="metrics">
            <Metric label="Total" value={stats.data.total} to={listOf('')} />
            <Metric
              label="Overdue"
              value={stats.data.overdue}
              to={listOf('overdue=true')}
              tone="is-overdue"
            />
            <Metric label="Due today" value={stats.data.dueToday} to={listOf('sort=dueDate')} />
            <Metric
              label="Done in 7 days"
              value={stats.data.completedLast7Days}
              to={listOf('status=done')}
            />
          </div>
          <div className="charts">
            <DayChart
              title="Completed, last 30 days"
              days={stats.data.completedByDay}
              tone="done"
              axis="ends"
            />
            <DayChart
              title="Due in the next 7 days"
              days={stats.data.dueByDay}
              tone="due"
              axis="weekdays"
            />
          </div>
          <div className="charts">
            <BarChart
              title="By status"
              bars={[
                { label: 'To do', value: stats.data.byStatus.todo, tone: 'fill-todo' },
                {
                  label: 'In progress',
                  value: stats.data.byStatus.in_progress,
                  tone: 'fill-progress',
                },
                { label: 'Done', value: stats.data.byStatus.done, tone: 'fill-done' },
              ]}
            />
            <BarChart
              title="By priority"
              bars={[
                { label: 'High', value: stats.data.byPriority.high, tone: 'fill-high' },
                { label: 'Medium', value: stats.data.byPriority.medium, tone: 'fill-medium' },
                { label: 'Low', value: stats.data.byPriority.low, tone: 'fill-low' },
              ]}
            />
          </div>
          <p className="muted">Days are counted in your time zone, {timeZone}.</p>
        </>
      )}
    </div>
  );
}
