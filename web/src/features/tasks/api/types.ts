export const STATUSES = ['todo', 'in_progress', 'done'] as const;
export const PRIORITIES = ['low', 'medium', 'high'] as const;
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
] as const;

export type Status = (typeof STATUSES)[number];
export type Priority = (typeof PRIORITIES)[number];
export type Sort = (typeof SORTS)[number];

export interface Task {
  id: string;
  title: string;
  description: string;
  status: Status;
  priority: Priority;
  dueDate: string | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  version: number;
}

export type TaskChanges = Partial<
  Pick<Task, 'title' | 'description' | 'status' | 'priority' | 'dueDate' | 'tags'>
>;

export interface TaskPage {
  data: Task[];
  nextCursor: string | null;
}

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
