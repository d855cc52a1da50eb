import { lazy, Suspense, useCallback, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useBulkUpdate, type BulkChange } from '../api/bulk';
import { NO_FILTERS } from '../api/filters';
import { useUpdateTask } from '../api/mutations';
import { scheduleBulkDeletion, scheduleDeletion } from '../api/pending-deletions';
import { useTaskSelection } from '../api/selection';
import type { Project, Status, Task } from '../api/types';
import { BulkActionBar } from './bulk-action-bar';
import { ConflictDialog } from './conflict-dialog';
import { QuickAdd } from './quick-add';
import { TaskList } from './task-list';
import { TaskToolbar } from './task-toolbar';
import { useTaskFilters } from './use-task-filters';
import { ViewSwitch } from './view-switch';

// Opened on demand, so the first screen does not download the form.
const EditTaskDialog = lazy(() =>
  import('./edit-task-dialog').then((module) => ({ default: module.EditTaskDialog })),
);

export function TasksPage({ projects }: { projects: Project[] }) {
  const [filters, setFilters] = useTaskFilters();
  const [editing, setEditing] = useState<Task | null>(null);
  const queryClient = useQueryClient();
  const { mutate: updateTask } = useUpdateTask();
  const selection = useTaskSelection();
  const bulkUpdate = useBulkUpdate();
  const project = projects.find((candidate) => candidate.id === filters.project);

  const onStatusChange = useCallback(
    (task: Task, status: Status) => updateTask({ task, changes: { status } }),
    [updateTask],
  );
  const { remove: unselect } = selection;
  const onDelete = useCallback(
    (task: Task) => {
      scheduleDeletion(queryClient, task);
      unselect([task.id]);
    },
    [queryClient, unselect],
  );
  const clearFilters = useCallback(() => setFilters(NO_FILTERS), [setFilters]);
  const filterByTag = useCallback((tag: string) => setFilters({ tag }), [setFilters]);
  const showDone = useCallback(() => setFilters({ showDone: true }), [setFilters]);
  const changeSelected = (operation: BulkChange['operation']) =>
    bulkUpdate.mutate({ ids: [...selection.ids], operation });
  const deleteSelected = () => {
    scheduleBulkDeletion(queryClient, [...selection.ids]);
    selection.clear();
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">{project?.name ?? 'Tasks'}</h1>
        <ViewSwitch />
      </div>
      {project?.archived && (
        <p className="muted">
          This project is archived: it keeps its tasks, and new ones go to the Inbox until it is
          restored in Manage projects.
        </p>
      )}
      <QuickAdd
        projects={projects}
        defaultProjectId={project && !project.archived ? project.id : undefined}
      />
      <TaskToolbar filters={filters} onChange={setFilters} />
      {selection.ids.size > 0 && (
        <BulkActionBar
          count={selection.ids.size}
          busy={bulkUpdate.isPending}
          onChange={changeSelected}
          onDelete={deleteSelected}
          onClear={selection.clear}
        />
      )}
      <TaskList
        filters={filters}
        onClearFilters={clearFilters}
        onShowDone={showDone}
        selection={selection}
        onEdit={setEditing}
        onStatusChange={onStatusChange}
        onDelete={onDelete}
        onTagFilter={filterByTag}
      />
      {editing && (
        <Suspense fallback={null}>
          <EditTaskDialog task={editing} projects={projects} onClose={() => setEditing(null)} />
        </Suspense>
      )}
      <ConflictDialog />
    </div>
  );
}
