// The API's types and input limits, generated from its OpenAPI document (npm run api-types).
import type { components, operations } from './generated/schema';
import generatedLimits from './generated/limits.json';

type Schemas = components['schemas'];

export type User = Schemas['User'];
export type Session = Schemas['Session'];
export type DeviceSession = Schemas['DeviceSession'];
export type DeviceSessionList = Schemas['DeviceSessionList'];
export type Task = Schemas['Task'];
export type TaskPage = Schemas['TaskPage'];
export type TaskStats = Schemas['TaskStats'];
export type DayCount = Schemas['DayCount'];
export type TaskStatus = Schemas['TaskStatus'];
export type TaskPriority = Schemas['TaskPriority'];
export type TaskChanges = Schemas['UpdateTaskRequest'];
export type Recurrence = Schemas['Recurrence'];
export type RecurrenceRequest = Schemas['RecurrenceRequest'];
export type Weekday = Schemas['Weekday'];
export type NewTask = Schemas['CreateTaskRequest'];
export type BulkOperation = Schemas['BulkOperation'];
export type BulkResult = Schemas['BulkTasksResult'];
export type Project = Schemas['Project'];
export type ProjectColor = Schemas['ProjectColor'];
export type ImportResult = Schemas['ImportResult'];
export type ImportPreview = Schemas['ImportPreview'];
export type TaskSort = NonNullable<
  NonNullable<operations['listTasks']['parameters']['query']>['sort']
>;

/** Lengths in characters, as the api counts them. */
export const LIMITS: Readonly<Record<keyof typeof generatedLimits, number>> = generatedLimits;
