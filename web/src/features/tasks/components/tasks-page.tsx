import { useCallback, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { NO_FILTERS } from '../api/filters';
import { useUpdateTask } from '../api/mutations';
import { scheduleDeletion } from '../api/pending-deletions';
import type { Status, Task } from '../api/types';
import { ConflictDialog } from './conflict-dialog';
import { EditTaskDialog } from './edit-task-dialog';
import { QuickAdd } from './quick-add';
import { TaskList } from './task-list';
import { TaskToolbar } from './task-toolbar';
import { useTaskFilters } from './use-task-filters';

export function TasksPage() {
  const [filters, setFilters] = useTaskFilters();
  const [editing, setEditing] = useState<Task | null>(null);
  const queryClient = useQueryClient();
  const { mutate: updateTask } = useUpdateTask();

  const onStatusChange = useCallback(
    (task: Task, status: Status) => updateTask({ task, changes: { status } }),
    [updateTask],
  );
  const onDelete = useCallback((task: Task) => scheduleDeletion(queryClient, task), [queryClient]);
  const clearFilters = useCallback(() => setFilters(NO_FILTERS), [setFilters]);
  const filterByTag = useCallback((tag: string) => setFilters({ tag }), [setFilters]);
  const showDone = useCallback(() => setFilters({ showDone: true }), [setFilters]);

  return (
    <div className="page">
      <h1 className="page-title">Tasks</h1>
      <QuickAdd />
      <TaskToolbar filters={filters} onChange={setFilters} />
      <TaskList
        filters={filters}
        onClearFilters={clearFilters}
        onShowDone={showDone}
        onEdit={setEditing}
        onStatusChange={onStatusChange}
        onDelete={onDelete}
        onTagFilter={filterByTag}
      />
      <EditTaskDialog task={editing} onClose={() => setEditing(null)} />
      <ConflictDialog />
    </div>
  );
}
