import { z } from 'zod';
import { PRIORITIES, STATUSES } from './model';

export const SORTS = [
  'createdAt',
  '-createdAt',
  'dueDate',
  '-dueDate',
  'priority',
  '-priority',
  'title',
  '-title',
  'updatedAt',
  '-updatedAt',
] as const;
export type Sort = (typeof SORTS)[number];

const title = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters');
const description = z.string().max(5000, 'must be at most 5000 characters');
const status = z.enum(STATUSES);
const priority = z.enum(PRIORITIES);
const isoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time' });
const dueDate = isoDateTime.nullable();
const tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'must not be empty')
  .max(32, 'must be at most 32 characters');
const tags = z
  .array(tag)
  .transform((values) => [...new Set(values)])
  .pipe(z.array(z.string()).max(20, 'at most 20 distinct tags'));

export const createTaskBody = z.strictObject({
  title,
  description: description.optional(),
  status: status.optional(),
  priority: priority.optional(),
  dueDate: dueDate.optional(),
  tags: tags.optional(),
});
export type CreateTaskInput = z.output<typeof createTaskBody>;

export const updateTaskBody = createTaskBody
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'must change at least one field');
export type UpdateTaskInput = z.output<typeof updateTaskBody>;

const oneOrMany = <T extends z.ZodType>(item: T) =>
  z
    .union([item, z.array(item)])
    .transform((value) => (Array.isArray(value) ? value : [value]) as z.output<T>[]);

export const listTasksQuery = z.strictObject({
  status: oneOrMany(status).optional(),
  priority: oneOrMany(priority).optional(),
  tag: tag.optional(),
  q: z.string().max(200, 'must be at most 200 characters').optional(),
  dueBefore: isoDateTime.optional(),
  dueAfter: isoDateTime.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  sort: z.enum(SORTS).default('-createdAt'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(512).optional(),
});
export type ListTasksQuery = z.output<typeof listTasksQuery>;

const isTimeZone = (name: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
};

export const statsQuery = z.strictObject({
  tz: z
    .string()
    .max(64)
    .refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin')
    .optional(),
});

export const taskId = z.string().regex(/^[0-9a-f]{24}$/i, 'must be a 24-character hex id');

export const taskSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    status,
    priority,
    dueDate: z.iso.datetime().nullable(),
    tags: z.array(z.string()),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    completedAt: z.iso.datetime().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'Task' });

export const taskPageSchema = z
  .object({ data: z.array(taskSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'TaskPage' });

const counts = <K extends string>(keys: readonly K[]) =>
  z.object(
    Object.fromEntries(keys.map((key) => [key, z.number().int()])) as Record<K, z.ZodNumber>,
  );

export const statsSchema = z
  .object({
    total: z.number().int(),
    byStatus: counts(STATUSES),
    byPriority: counts(PRIORITIES),
    overdue: z.number().int(),
    dueToday: z.number().int(),
    completedLast7Days: z.number().int(),
  })
  .meta({ id: 'TaskStats' });
