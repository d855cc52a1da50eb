import { z } from 'zod';
import { text } from '../http/text';
import { PRIORITIES, STATUSES } from './model';
import { WEEKDAYS } from './recurrence';

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
  'rank',
  '-rank',
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
const remindAt = isoDateTime.nullable().meta({
  description:
    'When to remind the owner: a `reminder.due` event on their live streams. A time in the past fires at once. Changing it re-arms a reminder that has fired; the reminder of a task that is done does not fire.',
});
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

const isTimeZone = (name: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
};
const TIME_ZONES = [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])];

const timeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin')
  .meta({
    description:
      'An IANA time zone name. Aliases the runtime knows (such as `US/Pacific`) are accepted too.',
    enum: TIME_ZONES,
    examples: ['Europe/Berlin'],
  });

/** At most this many occurrences left in a series. */
export const MAX_COUNT = 1000;
const weekday = z.enum(WEEKDAYS).meta({ id: 'Weekday' });
const last = z.literal(-1);
const interval = z
  .int()
  .min(1)
  .max(365)
  .meta({ description: 'Every how many days, weeks, months or years.' });
const until = isoDateTime.nullable().meta({ description: 'No occurrence after this instant.' });
const count = z
  .int()
  .min(1)
  .max(MAX_COUNT)
  .nullable()
  .meta({ description: 'Occurrences left, this one included; each next one has one fewer.' });
const weekdays = z
  .array(weekday)
  .min(1)
  .max(7)
  .meta({ description: "The days of the week; the due date's weekday when absent." });
const monthlyOn = z
  .union([
    z.strictObject({ monthDay: z.union([z.int().min(1).max(31), last]) }),
    z.strictObject({ week: z.union([z.int().min(1).max(5), last]), weekday }),
  ])
  .meta({
    description:
      "A day of the month (`-1` is the last; months without that day are skipped), or the nth weekday (`week` 1–5, `-1` for the last). The due date's day of the month when absent.",
  });
const RECURRENCE_DESCRIPTION =
  'How the task repeats: completing it creates the next occurrence, due on the next day the rule names after this one, at the same local time in `timeZone` (across daylight-saving changes too). A repeating task needs a due date.';

/** The rule as a request gives it (defaults filled in) and as a response shows it. */
function recurrenceSchema(io: 'input' | 'output') {
  const fields = {
    interval: io === 'input' ? interval.default(1) : interval,
    timeZone: io === 'input' ? timeZone.default('UTC') : z.string(),
    until: io === 'input' ? until.default(null) : z.iso.datetime().nullable(),
    count: io === 'input' ? count.default(null) : count,
  };
  return z
    .discriminatedUnion('frequency', [
      z.strictObject({ frequency: z.literal('daily'), ...fields }),
      z.strictObject({
        frequency: z.literal('weekly'),
        ...fields,
        weekdays: (io === 'input'
          ? weekdays.transform((days) => WEEKDAYS.filter((day) => days.includes(day)))
          : weekdays
        ).optional(),
      }),
      z.strictObject({ frequency: z.literal('monthly'), ...fields, on: monthlyOn.optional() }),
      z.strictObject({ frequency: z.literal('yearly'), ...fields }),
    ])
    .meta({
      id: io === 'input' ? 'RecurrenceRequest' : 'Recurrence',
      description: RECURRENCE_DESCRIPTION,
    });
}
const recurrence = recurrenceSchema('input').nullable();
export type RecurrenceInput = z.output<typeof recurrence>;

/** The id of a task or a project: 24 hexadecimal digits, either case. */
export const objectId = z
  .string()
  .regex(/^[0-9a-fA-F]{24}$/, 'must be a 24-character hex id')
  .meta({ examples: ['665f1f77bcf86cd799439011'] });
const projectId = objectId.meta({
  description:
    'The project the task belongs to: one of your projects that is not archived. The Inbox when absent on a create.',
  examples: ['665f1f77bcf86cd799439011'],
});
export const projectScope = objectId.meta({
  description: 'Only the tasks of this project (the Inbox included: tasks that never named one)',
  examples: ['665f1f77bcf86cd799439011'],
});

const taskFields = {
  title,
  description: description.optional(),
  status: status.optional(),
  priority: priority.optional(),
  dueDate: dueDate.optional(),
  tags: tags.optional(),
  recurrence: recurrence.optional(),
  remindAt: remindAt.optional(),
  projectId: projectId.optional(),
};
export const createTaskBody = z.strictObject(taskFields).meta({ id: 'CreateTaskRequest' });

/** A task as an export writes it and an import reads it: its fields, and when it was made and done. */
export const importTaskRow = z
  .strictObject({
    ...taskFields,
    createdAt: isoDateTime.optional().meta({ description: 'Now when absent.' }),
    completedAt: isoDateTime
      .nullable()
      .optional()
      .meta({ description: 'Kept for a done task (now when absent); ignored for the others.' }),
  })
  .meta({ id: 'ImportTask' });
export type ImportTaskInput = z.output<typeof importTaskRow>;
export type CreateTaskInput = z.output<typeof createTaskBody>;

export const updateTaskBody = z
  .strictObject(taskFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'must change at least one field')
  .meta({ id: 'UpdateTaskRequest', minProperties: 1 });
export type UpdateTaskInput = z.output<typeof updateTaskBody>;

const bulkOperation = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('setStatus'), status }),
    z.strictObject({ type: z.literal('setPriority'), priority }),
    z.strictObject({ type: z.literal('addTag'), tag }),
    z.strictObject({ type: z.literal('removeTag'), tag }),
    z.strictObject({ type: z.literal('setDue'), dueAt: dueDate }),
    z.strictObject({ type: z.literal('setProject'), projectId }),
    z.strictObject({ type: z.literal('delete') }),
  ])
  .meta({ id: 'BulkOperation' });
export type BulkOperation = z.output<typeof bulkOperation>;

export const bulkTasksBody = z
  .strictObject({
    ids: z
      .array(objectId)
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
  project: projectScope.optional(),
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

export const statsQuery = z.strictObject({
  project: projectScope.optional(),
  tz: timeZone.optional().meta({ description: 'The time zone of "today"; UTC when absent.' }),
});

export type StatsQuery = z.output<typeof statsQuery>;

export const taskParams = z.strictObject({ id: objectId });

const moveStatus = status
  .optional()
  .meta({ description: 'The column to move to; the task keeps its status when absent' });
const neighbour = (description: string) => objectId.nullable().meta({ description });
export const moveTaskBody = z
  .union([
    z.strictObject({
      status: moveStatus,
      before: neighbour('Right before this task of the column; `null`: last'),
    }),
    z.strictObject({
      status: moveStatus,
      after: neighbour('Right after this task of the column; `null`: first'),
    }),
  ])
  .meta({ id: 'MoveTaskRequest' });
export type MoveTaskInput = z.output<typeof moveTaskBody>;

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
export const ifMatchHeaders = z.object({ 'if-match': ifMatch.optional() });

export const taskSchema = z
  .object({
    id: z.string().regex(/^[0-9a-f]{24}$/),
    title: z.string(),
    description: z.string(),
    status,
    priority,
    dueDate: z.iso.datetime().nullable(),
    tags: z.array(z.string()),
    recurrence: recurrenceSchema('output').nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    completedAt: z.iso.datetime().nullable(),
    remindAt: z.iso.datetime().nullable(),
    remindedAt: z.iso
      .datetime()
      .nullable()
      .meta({ description: 'When the reminder fired; null while it is pending or unset.' }),
    projectId: z.string().regex(/^[0-9a-f]{24}$/),
    rank: z.number().meta({
      description:
        'The order among the tasks of its project and status (a board column): list with `sort=rank`, change it with the move operation. Not contiguous.',
    }),
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

const dayCount = z
  .object({
    date: z.iso.date().meta({ description: 'A calendar day in the time zone `tz`' }),
    count: z.number().int(),
  })
  .meta({ id: 'DayCount' });

export const statsSchema = z
  .object({
    total: z.number().int(),
    byStatus: counts(STATUSES),
    byPriority: counts(PRIORITIES),
    overdue: z.number().int(),
    dueToday: z.number().int(),
    completedLast7Days: z.number().int().meta({
      description: 'Done tasks whose `completedAt` is in the 7 × 24 hours before now.',
    }),
    completedByDay: z.array(dayCount).length(30).meta({
      description:
        'Done tasks by the local day (in `tz`) of their `completedAt`, for the 30 days ending today, oldest first. A task reopened is no longer counted, one done again counts on its last completion, and each completed occurrence of a repeating task is a task of its own.',
    }),
    dueByDay: z.array(dayCount).length(7).meta({
      description:
        'Open (not done) tasks by the local day (in `tz`) of their `dueDate`, for today and the 6 days after it.',
    }),
  })
  .meta({ id: 'TaskStats' });
