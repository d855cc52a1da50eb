// The task types come from the API's document; the lists below are what the app offers, checked
// against it.
import type { TaskPriority, TaskSort, TaskStatus } from '@/lib/api/types';

export type {
  BulkOperation,
  BulkResult,
  Project,
  Recurrence,
  RecurrenceRequest,
  Task,
  TaskChanges,
  TaskPage,
  Weekday,
} from '@/lib/api/types';
export type Status = TaskStatus;
export type Priority = TaskPriority;

export const STATUSES = ['todo', 'in_progress', 'done'] as const satisfies readonly Status[];
export const PRIORITIES = ['low', 'medium', 'high'] as const satisfies readonly Priority[];
export const SORTS = [
  '-createdAt',
  'createdAt',
  'dueDate',
  '-dueDate',
  '-priority',
  'priority',
  'title',
  '-title',
  '-updatedAt',
] as const satisfies readonly TaskSort[];
/** The orders the app offers: a subset of those the api sorts by. */
export type Sort = (typeof SORTS)[number];
/** A list's order: one the app offers, or a board column's manual order. */
export type ListSort = Sort | Extract<TaskSort, 'rank'>;

export const STATUS_LABELS: Record<Status, string> = {
  todo: 'To do',
  in_progress: 'In progress',
  done: 'Done',
};

export const PRIORITY_LABELS: Record<Priority, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
};

export const SORT_LABELS: Record<Sort, string> = {
  '-createdAt': 'Newest first',
  createdAt: 'Oldest first',
  dueDate: 'Due date, soonest',
  '-dueDate': 'Due date, latest',
  '-priority': 'Priority, highest',
  priority: 'Priority, lowest',
  title: 'Title, A–Z',
  '-title': 'Title, Z–A',
  '-updatedAt': 'Recently changed',
};
