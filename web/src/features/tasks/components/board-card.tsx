import { memo, useLayoutEffect, useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { Menu, type MenuItem } from '@/components/ui/menu';
import type { BoardSpot } from '../api/board';
import { STATUS_LABELS, STATUSES, type Status, type Task } from '../api/types';
import { PriorityAndDue } from './task-meta';

export interface BoardCardActions {
  onPointerDown: (
    event: PointerEvent<HTMLElement>,
    task: Task,
    status: Status,
    index: number,
  ) => void;
  onKeyDown: (event: KeyboardEvent<HTMLElement>, task: Task, status: Status, index: number) => void;
  /** Leaving a held card puts it back, so a move never outlives the focus that started it. */
  onBlur: (task: Task) => void;
  onEdit: (task: Task) => void;
  /** The menu's moves, for touch and screen readers: to the top of a column, its own included. */
  onMoveTo: (task: Task, from: BoardSpot, to: BoardSpot) => void;
  onFocused: (id: string, status: Status) => void;
}

interface BoardCardProps extends BoardCardActions {
  task: Task;
  status: Status;
  index: number;
  /** Picked up by the keyboard or the pointer: drawn lifted. */
  held: boolean;
  /** Focus it once it is mounted, after a keyboard drop put it elsewhere. */
  focus: boolean;
}

// Memoised so that a column re-rendered for a drag re-renders only the cards that changed.
export const BoardCard = memo(function BoardCard({
  task,
  status,
  index,
  held,
  focus,
  onPointerDown,
  onKeyDown,
  onBlur,
  onEdit,
  onMoveTo,
  onFocused,
}: BoardCardProps) {
  const card = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (!focus) return;
    card.current?.focus();
    onFocused(task.id, status);
  }, [focus, onFocused, task.id, status]);

  const saving = task.id.startsWith('temp-');
  const items: MenuItem[] = [
    { label: 'Edit', run: () => onEdit(task) },
    ...(index > 0
      ? [
          {
            label: 'Move to top',
            run: () => onMoveTo(task, { status, index }, { status, index: 0 }),
          },
        ]
      : []),
    ...STATUSES.filter((other) => other !== status).map((other) => ({
      label: `Move to ${STATUS_LABELS[other]}`,
      run: () => onMoveTo(task, { status, index }, { status: other, index: 0 }),
    })),
  ];
  return (
    <div
      ref={card}
      className={`board-card${held ? ' is-held' : ''}`}
      tabIndex={saving ? -1 : 0}
      // A group rather than a button: it holds its own menu button, and buttons cannot nest.
      role="group"
      aria-roledescription="card"
      aria-label={task.title}
      aria-describedby="board-instructions"
      aria-busy={saving || undefined}
      data-task-id={task.id}
      onPointerDown={saving ? undefined : (event) => onPointerDown(event, task, status, index)}
      onKeyDown={saving ? undefined : (event) => onKeyDown(event, task, status, index)}
      onBlur={(event) => {
        if (event.target === event.currentTarget) onBlur(task);
      }}
    >
      <div className="board-card-main">
        <span className="board-card-title">{task.title}</span>
        <span className="task-meta">
          <PriorityAndDue task={task} />
          {task.tags.slice(0, 3).map((tag) => (
            <span key={tag} className="board-tag">
              #{tag}
            </span>
          ))}
        </span>
      </div>
      <Menu label={`Actions for “${task.title}”`} items={items} disabled={saving} />
    </div>
  );
});
