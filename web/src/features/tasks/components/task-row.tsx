import { memo } from 'react';
import { Menu } from '@/components/ui/menu';
import { fullDateTime } from '@/lib/dates';
import { describeRecurrence } from '../api/recurrence';
import { STATUS_LABELS, STATUSES, type Status, type Task } from '../api/types';
import { PriorityAndDue } from './task-meta';

export interface TaskRowActions {
  onEdit: (task: Task) => void;
  onStatusChange: (task: Task, status: Status) => void;
  onDelete: (task: Task) => void;
  onTagFilter: (tag: string) => void;
}

interface TaskRowProps extends TaskRowActions {
  task: Task;
  selected: boolean;
  /** `range` when shift is held: select from the last selected task to this one. */
  onSelect: (id: string, range: boolean) => void;
}

// Memoised so that changing one task re-renders one row, not the thousands around it.
/** A line drawing in the text colour, hidden from screen readers (its container is named). */
function LineIcon({ path, size }: { path: string; size: number }) {
  return (
    <svg viewBox="0 0 24 24" width={size} height={size} aria-hidden="true">
      <path
        d={path}
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/** A small icon beside the title that says something about the task (its name is the label). */
function RowIcon({
  className,
  label,
  title,
  path,
}: {
  className: string;
  label: string;
  title: string;
  path: string;
}) {
  return (
    <span className={className} role="img" aria-label={label} title={title}>
      <LineIcon path={path} size={14} />
    </span>
  );
}

export const TaskRow = memo(function TaskRow({
  task,
  onEdit,
  onStatusChange,
  onDelete,
  onTagFilter,
  selected,
  onSelect,
}: TaskRowProps) {
  const repeat = task.recurrence && describeRecurrence(task.recurrence);
  const reminder =
    task.remindAt &&
    (task.remindedAt
      ? `Reminded at ${fullDateTime(task.remindedAt)}`
      : `Reminder at ${fullDateTime(task.remindAt)}`);
  const saving = task.id.startsWith('temp-');
  const done = task.status === 'done';
  const statusItems = STATUSES.filter((status) => status !== task.status).map((status) => ({
    label: `Mark as ${STATUS_LABELS[status].toLowerCase()}`,
    run: () => onStatusChange(task, status),
  }));
  return (
    <div
      className={`task-row${done ? ' is-done' : ''}${selected ? ' is-selected' : ''}`}
      aria-busy={saving || undefined}
    >
      <label className="task-select">
        <span className="sr-only">Select “{task.title}”</span>
        <input
          type="checkbox"
          checked={selected}
          disabled={saving}
          aria-keyshortcuts="x Shift+X"
          // A checkbox's change comes from a click (also when Space toggles it), which tells about Shift.
          onChange={(event) => onSelect(task.id, (event.nativeEvent as MouseEvent).shiftKey)}
        />
      </label>
      <input
        type="checkbox"
        className="task-check"
        checked={done}
        disabled={saving}
        aria-label={`Complete “${task.title}”`}
        onChange={() => onStatusChange(task, done ? 'todo' : 'done')}
      />
      <div className="task-main">
        <button
          type="button"
          className="task-title"
          disabled={saving}
          aria-label={`Edit “${task.title}”`}
          onClick={() => onEdit(task)}
        >
          {task.title}
        </button>
        <div className="task-meta">
          {task.status === 'in_progress' && <span className="state">In progress</span>}
          <PriorityAndDue task={task} />
          {repeat && (
            <RowIcon
              className="repeat"
              label={`Repeats ${repeat.charAt(0).toLowerCase()}${repeat.slice(1)}`}
              title={repeat}
              path="M17 2l4 4-4 4M3 11V9a3 3 0 0 1 3-3h15M7 22l-4-4 4-4M21 13v2a3 3 0 0 1-3 3H3"
            />
          )}
          {reminder && (
            <RowIcon
              className={task.remindedAt ? 'reminder is-fired' : 'reminder'}
              label={reminder}
              title={reminder}
              path="M18 9a6 6 0 0 0-12 0c0 6-2.5 8-2.5 8h17S18 15 18 9M10.3 21a2 2 0 0 0 3.4 0"
            />
          )}
          {task.tags.map((tag) => (
            <button
              key={tag}
              type="button"
              className="tag"
              title={`#${tag}`}
              aria-label={`Show tasks tagged #${tag}`}
              onClick={() => onTagFilter(tag)}
            >
              #{tag}
            </button>
          ))}
        </div>
      </div>
      <Menu
        label={`More for “${task.title}”`}
        disabled={saving}
        items={[...statusItems, { label: 'Delete', run: () => onDelete(task), danger: true }]}
      />
      <button
        type="button"
        className="icon-button danger row-delete"
        disabled={saving}
        aria-label={`Delete “${task.title}”`}
        onClick={() => onDelete(task)}
      >
        <LineIcon path="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" size={18} />
      </button>
    </div>
  );
});
