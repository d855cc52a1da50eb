import { Schema, type Connection, type Types } from 'mongoose';
import type { Recurrence } from './recurrence';

export const STATUSES = ['todo', 'in_progress', 'done'] as const;
export const PRIORITIES = ['low', 'medium', 'high'] as const;
export type Status = (typeof STATUSES)[number];
export type Priority = (typeof PRIORITIES)[number];

/** Sort keys kept beside the fields they order, so every sort is an index scan. */
export const PRIORITY_RANK: Record<Priority, number> = { low: 1, medium: 2, high: 3 };
/** Tasks without a due date sort after every dated task in ascending order. */
export const NO_DUE_DATE = new Date('9999-12-31T00:00:00.000Z');

/** A rule as stored: with the series' time of day (ms after local midnight) once it is known. */
export type StoredRecurrence = Recurrence & { localTime?: number };

export interface TaskDocument {
  _id: Types.ObjectId;
  owner: Types.ObjectId;
  /** The project, or null (or absent, in tasks older than projects) for the owner's Inbox. */
  project: Types.ObjectId | null;
  title: string;
  description: string;
  status: Status;
  priority: Priority;
  dueDate: Date | null;
  tags: string[];
  recurrence: StoredRecurrence | null;
  completedAt: Date | null;
  /** When the owner wants to be reminded; `remindedAt` is set once the reminder has fired. */
  remindAt: Date | null;
  remindedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  priorityRank: number;
  /**
   * The order of the task among those of its project and status (a board's column), ascending:
   * its creation time in ms until it is moved. Tasks stored before ranks existed have none until
   * their owner's board is first read or a card moved (their creation time, as shown meanwhile).
   */
  rank?: number;
  dueSort: Date;
  titleSort: string;
}

const taskSchema = new Schema<TaskDocument>(
  {
    owner: { type: Schema.Types.ObjectId, required: true },
    project: { type: Schema.Types.ObjectId, default: null },
    title: { type: String, required: true },
    description: { type: String, default: '' },
    status: { type: String, enum: STATUSES, required: true },
    priority: { type: String, enum: PRIORITIES, required: true },
    dueDate: { type: Date, default: null },
    tags: { type: [String], default: [] },
    // Validated by the request schema; stored as given, with `until` as a date.
    recurrence: { type: Schema.Types.Mixed, default: null },
    completedAt: { type: Date, default: null },
    remindAt: { type: Date, default: null },
    remindedAt: { type: Date, default: null },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    priorityRank: { type: Number, required: true },
    rank: { type: Number },
    dueSort: { type: Date, required: true },
    titleSort: { type: String, required: true },
  },
  { versionKey: false, strict: 'throw' },
);

// Keyset pagination: owner + sort key + _id for each sort; filters by status, due date and tags.
for (const key of ['createdAt', 'updatedAt', 'dueSort', 'priorityRank', 'titleSort', 'rank']) {
  taskSchema.index({ owner: 1, [key]: 1, _id: 1 });
}
taskSchema.index({ owner: 1, status: 1 });
taskSchema.index({ owner: 1, dueDate: 1 });
// The dashboard's completions per day: one user's tasks done within a window of days.
taskSchema.index({ owner: 1, completedAt: 1 });
taskSchema.index({ owner: 1, tags: 1 });
// A project's tasks, and a board's column in order: the neighbours of a card being moved.
taskSchema.index({ owner: 1, project: 1, status: 1, rank: 1, _id: 1 });
// The reminders still to fire, read when a replica rebuilds the schedule.
taskSchema.index({ remindAt: 1 });

export const taskModel = (connection: Connection) =>
  connection.model<TaskDocument>('Task', taskSchema);
export type TaskModel = ReturnType<typeof taskModel>;
