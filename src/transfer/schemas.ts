import { z } from 'zod';
import { importTaskRow, projectScope, taskSchema } from '../tasks/schemas';

export const IMPORT_FORMATS = ['judix-json', 'judix-csv', 'todoist-csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** At most this many tasks in one import. */
export const IMPORT_MAX_ROWS = 10_000;
/** The largest file an import reads. */
export const IMPORT_LIMIT_BYTES = 5 * 1024 * 1024;
/** An import may take this many times the request budget: it writes up to 10,000 tasks. */
export const IMPORT_BUDGET_FACTOR = 15;
/** At most this many rejected rows are listed; `rejectedCount` counts them all. */
export const MAX_LISTED_REJECTIONS = 100;
/** The first rows of an import, as it reads them, for a preview. */
export const PREVIEW_ROWS = 5;

export const EXPORT_DOCUMENT_FORMAT = 'judix.tasks';

const booleanFlag = (description: string) =>
  z.enum(['true', 'false']).default('false').meta({ description });

export const exportQuery = z.strictObject({
  format: z.enum(['json', 'csv']).default('json').meta({ description: 'The file format' }),
  project: projectScope.optional(),
});

const exportedTask = taskSchema
  .pick({
    title: true,
    description: true,
    status: true,
    priority: true,
    dueDate: true,
    remindAt: true,
    tags: true,
    recurrence: true,
    createdAt: true,
    completedAt: true,
  })
  .meta({ id: 'ExportedTask' });

export const exportDocument = z
  .object({
    format: z.literal(EXPORT_DOCUMENT_FORMAT),
    version: z.literal(1),
    exportedAt: z.iso.datetime(),
    tasks: z.array(exportedTask),
  })
  .meta({ id: 'TaskExport' });

const documentFields = {
  format: z.literal(EXPORT_DOCUMENT_FORMAT).optional(),
  version: z.literal(1).optional(),
  exportedAt: z.iso.datetime({ offset: true }).optional(),
};

/** The JSON form of an import, as read: each task is checked on its own afterwards. */
export const importDocument = (maxRows: number) =>
  z.strictObject({
    ...documentFields,
    tasks: z.array(z.unknown()).max(maxRows, `at most ${maxRows} tasks`),
  });

/** The JSON form of an import, as documented: an export, or only its `tasks`. */
export const importDocumentSchema = z
  .strictObject({
    ...documentFields,
    tasks: z.array(importTaskRow).max(IMPORT_MAX_ROWS),
  })
  .meta({ id: 'ImportRequest' });

export const importQuery = z.strictObject({
  atomic: booleanFlag('`true`: import nothing when any row is invalid (422)'),
  dryRun: booleanFlag('`true`: check and report, write nothing'),
});

const fieldError = z.object({ path: z.string(), message: z.string() });

export const importResult = z
  .object({
    format: z.enum(IMPORT_FORMATS),
    dryRun: z.boolean(),
    imported: z.int().meta({ description: 'Tasks written (in a dry run: that would be)' }),
    skipped: z
      .int()
      .meta({ description: "Records that are not tasks (Todoist's sections, notes)" }),
    rejectedCount: z.int(),
    rejected: z
      .array(z.object({ line: z.int(), errors: z.array(fieldError) }))
      .max(MAX_LISTED_REJECTIONS)
      .meta({
        description: `The first ${MAX_LISTED_REJECTIONS} rejected rows: the CSV line, or the position in \`tasks\` (from 1), and why`,
      }),
    preview: z
      .array(
        taskSchema
          .pick({ title: true, status: true, priority: true, dueDate: true, tags: true })
          .extend({ repeats: z.boolean() })
          .meta({ id: 'ImportPreview' }),
      )
      .max(PREVIEW_ROWS)
      .meta({ description: `The first ${PREVIEW_ROWS} tasks as they are imported` }),
  })
  .meta({ id: 'ImportResult' });
