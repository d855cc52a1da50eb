import { z } from 'zod';
import { text } from '../http/text';
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

/** At most this many tasks change in one bulk request. */
export const BULK_MAX_IDS = 100;
/** At most this many tags on one task. */
export const MAX_TAGS = 20;

const title = text({ min: 1, max: 200, notBlank: true }).meta({
  description: 'Stored without leading and trailing blanks.',
  examples: ['Write the quarterly report'],
});
const description = text({ max: 5000 });
const status = z.enum(STATUSES).meta({ id: 'TaskStatus' });
const priority = z.enum(PRIORITIES).meta({ id: 'TaskPriority' });
const isoDateTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 date-time' })
  .meta({ examples: ['2026-03-01T17:00:00Z'] });
const dueDate = isoDateTime.nullable();
const tag = text({ min: 1, max: 32, notBlank: true, noControls: true })
  .toLowerCase()
  .meta({
    description: 'No control characters; stored trimmed and in lower case.',
    examples: ['work'],
  });
const tags = z
  .array(tag)
  .max(MAX_TAGS, `at most ${MAX_TAGS} tags`)
  .transform((values) => [...new Set(values)])
  .meta({ description: 'At most 20 tags; duplicates are stored once.' });

const taskFields = {
  title,
  description: description.optional(),
  status: status.optional(),
  priority: priority.optional(),
  dueDate: dueDate.optional(),
  tags: tags.optional(),
};
export const createTaskBody = z.strictObject(taskFields).meta({ id: 'CreateTaskRequest' });
export type CreateTaskInput = z.output<typeof createTaskBody>;

export const updateTaskBody = z
  .strictObject(taskFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'must change at least one field')
  .meta({ id: 'UpdateTaskRequest', minProperties: 1 });
export type UpdateTaskInput = z.output<typeof updateTaskBody>;

const taskId = z
  .string()
  .regex(/^[0-9a-fA-F]{24}$/, 'must be a 24-character hex id')
  .meta({ examples: ['665f1f77bcf86cd799439011'] });

const bulkOperation = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('setStatus'), status }),
    z.strictObject({ type: z.literal('setPriority'), priority }),
    z.strictObject({ type: z.literal('addTag'), tag }),
    z.strictObject({ type: z.literal('removeTag'), tag }),
    z.strictObject({ type: z.literal('setDue'), dueAt: dueDate }),
    z.strictObject({ type: z.literal('delete') }),
  ])
  .meta({ id: 'BulkOperation' });
export type BulkOperation = z.output<typeof bulkOperation>;

export const bulkTasksBody = z
  .strictObject({
    ids: z
      .array(taskId)
      .min(1, 'at least one id')
      .max(BULK_MAX_IDS, `at most ${BULK_MAX_IDS} ids`)
      .refine(
        (ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length,
        'must not repeat an id',
      )
      .meta({ uniqueItems: true }),
    operation: bulkOperation,
  })
  .meta({ id: 'BulkTasksRequest' });
export type BulkTasksInput = z.output<typeof bulkTasksBody>;

export const BULK_OUTCOMES = ['updated', 'deleted', 'unchanged', 'not_found', 'rejected'] as const;
export type BulkOutcome = (typeof BULK_OUTCOMES)[number];

export const bulkTasksResult = z
  .object({
    results: z.array(
      z.object({
        id: z.string(),
        status: z.enum(BULK_OUTCOMES),
        reason: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'BulkTasksResult' });

const oneOrMany = <T extends z.ZodType>(item: T) =>
  z
    .union([item, z.array(item)])
    .transform((value) => (Array.isArray(value) ? value : [value]) as z.output<T>[]);

export const listTasksQuery = z.strictObject({
  status: oneOrMany(status).optional(),
  priority: oneOrMany(priority).optional(),
  tag: tag.optional(),
  q: text({ max: 200 })
    .optional()
    .meta({ description: 'Words to find in titles and descriptions' }),
  dueBefore: isoDateTime.optional(),
  dueAfter: isoDateTime.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  sort: z.enum(SORTS).default('-createdAt'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .max(512)
    .optional()
    .meta({ description: 'The `nextCursor` of the previous page, with the same `sort`' }),
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
const TIME_ZONES = [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])];

export const statsQuery = z.strictObject({
  tz: z
    .string()
    .min(1)
    .max(64)
    .refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin')
    .optional()
    .meta({
      description:
        'An IANA time zone name; UTC when absent. Aliases the runtime knows (such as `US/Pacific`) are accepted too.',
      enum: TIME_ZONES,
      examples: ['Europe/Berlin'],
    }),
});

export const taskParams = z.strictObject({ id: taskId });

/**
 * `If-Match`: absent or `*` means no precondition, else the strong version tags to match. The
 * HTTP parser strips the whitespace around a value; `[0-9]` rather than `\d`, which other regex
 * dialects read as any script's digits.
 */
export const ifMatch = z
  .string()
  .regex(
    /^(\*|"[0-9]{1,15}"([ \t]*,[ \t]*"[0-9]{1,15}")*)$/,
    'must be * or a list of strong ETags such as "3"',
  )
  .transform((header) =>
    header.trim() === '*' ? undefined : [...header.matchAll(/"(\d+)"/g)].map((m) => Number(m[1])),
  )
  .meta({ description: 'The ETag of the version being edited, such as "3"' });
export const taskHeaders = z.object({ 'if-match': ifMatch.optional() });

export const taskSchema = z
  .object({
    id: z.string().regex(/^[0-9a-f]{24}$/),
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
