// The board: a project's tasks in one column per status, each in its manual order, with the list's
// filters. Cards move by pointer (drag and drop), by keyboard (pick up, arrows, drop) or by their
// menu; every move is shown at once and undone with a notice if the server refuses it.
import {
  lazy,
  Suspense,
  useCallback,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import {
  describeSpot,
  indexFromSlot,
  isStill,
  keyboardStep,
  type BoardMove,
  type BoardSpot,
} from '../api/board';
import { useMoveCard } from '../api/move';
import { STATUS_LABELS, STATUSES, type Project, type Status, type Task } from '../api/types';
import { BoardColumn, useColumn } from './board-column';
import type { BoardCardActions } from './board-card';
import { TaskToolbar } from './task-toolbar';
import { useTaskFilters } from './use-task-filters';
import { usePointerDrag } from './use-pointer-drag';
import { ViewSwitch } from './view-switch';
import './task-board.css';

const EditTaskDialog = lazy(() =>
  import('./edit-task-dialog').then((module) => ({ default: module.EditTaskDialog })),
);

type HeldCard = BoardMove & { by: 'pointer' | 'keyboard' };

export function TaskBoard({ projects }: { projects: Project[] }) {
  const [filters, setFilters] = useTaskFilters();
  // A board is one project's: every task at once has no one order. Without a choice, the Inbox.
  const chosen = projects.find((candidate) => candidate.id === filters.project);
  const project = chosen ?? projects.find((candidate) => candidate.inbox);
  const projectId = project?.id ?? '';
  const columns: Record<Status, ReturnType<typeof useColumn>> = {
    todo: useColumn(filters, projectId, 'todo'),
    in_progress: useColumn(filters, projectId, 'in_progress'),
    done: useColumn(filters, projectId, 'done'),
  };
  const counts = {
    todo: columns.todo.tasks.length,
    in_progress: columns.in_progress.tasks.length,
    done: columns.done.tasks.length,
  };
  const [held, setHeld] = useState<HeldCard | null>(null);
  const [announcement, setAnnouncement] = useState('');
  // The card to focus once it is in the column it was moved to (the move reaches the cache a moment
  // after the drop, and a card that changes column is a new element).
  const [focusTarget, setFocusTarget] = useState<{ id: string; status: Status } | null>(null);
  const [editing, setEditing] = useState<Task | null>(null);
  const { drop } = useMoveCard();

  // Handlers read the latest state through refs, so the memoised cards keep the same callbacks;
  // the held card's ref is written with its state, so a drop never sees a target one frame old.
  const heldRef = useRef<HeldCard | null>(null);
  const hold = useCallback((next: HeldCard | null) => {
    heldRef.current = next;
    setHeld(next);
  }, []);
  const latest = useRef({ columns, counts, filters, projectId, drop });
  useLayoutEffect(() => {
    latest.current = { columns, counts, filters, projectId, drop };
  });

  const commit = useCallback((move: BoardMove) => {
    const { columns, filters, projectId, drop } = latest.current;
    if (isStill(move)) return;
    const shown = columns[move.to.status].tasks.map((task) => task.id);
    drop({ move, filters, project: projectId, shown });
  }, []);
  const where = useCallback(
    (move: BoardMove, spot: BoardSpot) =>
      describeSpot(move, spot, latest.current.counts[spot.status]),
    [],
  );

  const { ghost, onPointerDown } = usePointerDrag({
    begin: (task, from) => hold({ task, from, to: from, by: 'pointer' }),
    over: (status, slot) => {
      const current = heldRef.current;
      if (!current) return;
      const index = indexFromSlot(current.from, status, slot);
      if (current.to.status !== status || current.to.index !== index) {
        hold({ ...current, to: { status, index } });
      }
    },
    end: (dropped) => {
      const current = heldRef.current;
      hold(null);
      if (dropped && current) commit(current);
    },
  });

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>, task: Task, status: Status, index: number) => {
      if (event.target !== event.currentTarget || event.altKey || event.ctrlKey || event.metaKey) {
        return;
      }
      const current = heldRef.current;
      if (!current) {
        if (event.key !== ' ' && event.key !== 'Enter') return;
        event.preventDefault();
        const from = { status, index };
        const move: HeldCard = { task, from, to: from, by: 'keyboard' };
        hold(move);
        setAnnouncement(
          `Picked up ${task.title}. ${where(move, from)} Use the arrow keys to move it, Space to drop it, Escape to cancel.`,
        );
        return;
      }
      if (current.task.id !== task.id || current.by !== 'keyboard') return;
      const step = keyboardStep(current, event.key, latest.current.counts);
      if (step.kind === 'ignore') return;
      event.preventDefault();
      if (step.kind === 'move') {
        hold({ ...step.move, by: 'keyboard' });
        setAnnouncement(`${task.title}: ${where(step.move, step.move.to)}`);
      } else if (step.kind === 'drop') {
        hold(null);
        setFocusTarget({ id: task.id, status: step.move.to.status });
        commit(step.move);
        setAnnouncement(`Dropped ${task.title}. ${where(step.move, step.move.to)}`);
      } else {
        hold(null);
        setAnnouncement(
          `Move cancelled. ${task.title} is back: ${where(step.move, step.move.from)}`,
        );
      }
    },
    [commit, hold, where],
  );

  const onBlur = useCallback(
    (task: Task) => {
      const current = heldRef.current;
      if (current?.by !== 'keyboard' || current.task.id !== task.id) return;
      hold(null);
      setAnnouncement(`Move cancelled. ${task.title} stays where it was.`);
    },
    [hold],
  );

  const onMoveTo = useCallback(
    (task: Task, from: BoardSpot, to: BoardSpot) => {
      setFocusTarget({ id: task.id, status: to.status });
      commit({ task, from, to });
      setAnnouncement(`Moved ${task.title} to the top of ${STATUS_LABELS[to.status]}.`);
    },
    [commit],
  );
  const onFocused = useCallback(
    (id: string, status: Status) =>
      setFocusTarget((current) =>
        current?.id === id && current.status === status ? null : current,
      ),
    [],
  );
  const actions = useMemo<BoardCardActions>(
    () => ({ onPointerDown, onKeyDown, onBlur, onEdit: setEditing, onMoveTo, onFocused }),
    [onPointerDown, onKeyDown, onBlur, onMoveTo, onFocused],
  );

  return (
    <div className="page page-wide">
      <div className="page-head">
        <h1 className="page-title">{project?.name ?? 'Board'}</h1>
        <ViewSwitch />
      </div>
      {!chosen && project && (
        <p className="muted">
          A board shows one project at a time: this is the Inbox. Choose another in Projects.
        </p>
      )}
      {chosen?.archived && (
        <p className="muted">This project is archived: its cards can still be moved.</p>
      )}
      <TaskToolbar filters={filters} onChange={setFilters} board />
      <p id="board-instructions" className="sr-only">
        Press Space or Enter to pick up a card, the arrow keys to move it within its column or to
        the next one, Space or Enter again to drop it, and Escape to cancel. Each card&apos;s menu
        also moves it.
      </p>
      <p className="sr-only" aria-live="assertive" aria-atomic="true">
        {announcement}
      </p>
      <div className="board">
        {STATUSES.map((status) => (
          <BoardColumn
            key={status}
            status={status}
            column={columns[status]}
            move={held}
            follow={held?.by === 'keyboard'}
            focusId={focusTarget?.id ?? null}
            actions={actions}
          />
        ))}
      </div>
      <div ref={ghost} className="board-ghost" aria-hidden="true" hidden />
      {editing && (
        <Suspense fallback={null}>
          <EditTaskDialog task={editing} projects={projects} onClose={() => setEditing(null)} />
        </Suspense>
      )}
    </div>
  );
}
