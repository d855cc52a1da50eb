import { dueLabel } from '@/lib/dates';
import { PRIORITY_LABELS, type Task } from '../api/types';

const DEFAULT_PRIORITY = 'medium';

/**
 * The start of a task's meta line in the list and on the board: its priority when it is not the
 * default, then its due date (overdue ones marked), the full date and time in the tooltip.
 */
export function PriorityAndDue({ task }: { task: Task }) {
  const due = dueLabel(task);
  return (
    <>
      {task.priority !== DEFAULT_PRIORITY && (
        <span className={`badge badge-${task.priority}`}>
          <span className="sr-only">Priority </span>
          {PRIORITY_LABELS[task.priority]}
        </span>
      )}
      {due && (
        <time
          dateTime={task.dueDate ?? undefined}
          title={due.full}
          className={due.overdue ? 'due is-overdue' : 'due'}
        >
          {due.overdue ? '⚠ ' : ''}
          {due.text}
        </time>
      )}
    </>
  );
}
