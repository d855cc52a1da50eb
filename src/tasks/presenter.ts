import { inboxIdOf } from '../projects/model';
import type { StoredRecurrence, TaskDocument } from './model';

/**
 * Fields read from the database for a task response (sort keys stay inside; the owner names the
 * Inbox of a task that stores no project).
 */
export const TASK_PROJECTION = {
  owner: 1,
  project: 1,
  title: 1,
  description: 1,
  status: 1,
  priority: 1,
  dueDate: 1,
  tags: 1,
  recurrence: 1,
  createdAt: 1,
  updatedAt: 1,
  completedAt: 1,
  remindAt: 1,
  remindedAt: 1,
  rank: 1,
  version: 1,
} as const;

export type StoredTask = Pick<TaskDocument, '_id' | keyof typeof TASK_PROJECTION>;

function presentRecurrence(rule: StoredRecurrence | null | undefined) {
  if (!rule) return null;
  const { localTime: _localTime, until, ...shown } = rule;
  return { ...shown, until: until ? until.toISOString() : null };
}

export function presentTask(task: StoredTask) {
  return {
    id: task._id.toHexString(),
    title: task.title,
    description: task.description,
    status: task.status,
    priority: task.priority,
    dueDate: task.dueDate ? task.dueDate.toISOString() : null,
    tags: task.tags,
    recurrence: presentRecurrence(task.recurrence),
    createdAt: task.createdAt.toISOString(),
    updatedAt: task.updatedAt.toISOString(),
    completedAt: task.completedAt ? task.completedAt.toISOString() : null,
    remindAt: task.remindAt ? task.remindAt.toISOString() : null,
    remindedAt: task.remindedAt ? task.remindedAt.toISOString() : null,
    projectId: (task.project ?? inboxIdOf(task.owner)).toHexString(),
    rank: task.rank ?? task.createdAt.getTime(),
    version: task.version,
  };
}
export type TaskView = ReturnType<typeof presentTask>;
