// Export and import of a user's tasks: the whole list as one file, JSON or CSV, streamed out;
// a file in, checked row by row, written in batches.
import { Readable } from 'node:stream';
import type { EventHub } from '../events/hub';
import type { AppContext } from '../http/context';
import { route, type Route } from '../http/route';
import { fieldErrors } from '../http/validation';
import type { UserStateStore } from '../platform/cache';
import { errors } from '../platform/errors';
import {
  idempotencyKeyHeader,
  idempotencyKeyOf,
  idempotent,
  type IdempotencyStore,
} from '../platform/idempotency';
import { readBody } from '../http/body';
import { uploadBody } from '../http/router';
import type { TaskView } from '../tasks/presenter';
import { importTaskRow, type ImportTaskInput } from '../tasks/schemas';
import type { TaskService } from '../tasks/service';
import { NOT_ASSIGNABLE } from '../projects/service';
import {
  CSV_HEADER,
  csvLine,
  exportedTask,
  JUDIX_COLUMNS,
  readImport,
  type Rejection,
} from './formats';
import {
  EXPORT_DOCUMENT_FORMAT,
  exportDocument,
  exportQuery,
  IMPORT_LIMIT_BYTES,
  IMPORT_MAX_ROWS,
  importDocumentSchema,
  importQuery,
  importResult,
  MAX_LISTED_REJECTIONS,
  PREVIEW_ROWS,
} from './schemas';

interface Options {
  service: TaskService;
  events: EventHub;
  userStates: UserStateStore;
  idempotency: IdempotencyStore;
}

/** Strings are gathered to about this size before they are written. */
const CHUNK_CHARS = 64 * 1024;

async function* chunked(parts: AsyncIterable<string>) {
  let buffer = '';
  for await (const part of parts) {
    buffer += part;
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer !== '') yield buffer;
}

async function* csvFile(tasks: AsyncIterable<TaskView>) {
  yield CSV_HEADER;
  for await (const task of tasks) yield csvLine(task);
}

async function* jsonFile(tasks: AsyncIterable<TaskView>) {
  const head = { format: EXPORT_DOCUMENT_FORMAT, version: 1, exportedAt: new Date().toISOString() };
  yield `${JSON.stringify(head).slice(0, -1)},"tasks":[`;
  let separator = '\n';
  for await (const task of tasks) {
    yield `${separator}${JSON.stringify(exportedTask(task))}`;
    separator = ',\n';
  }
  yield '\n]}\n';
}

const uploadSpec = {
  limitBytes: IMPORT_LIMIT_BYTES,
  json: importDocumentSchema,
  csv: `Judix's CSV (the columns of an export, \`title\` required, any order: ${Object.keys(JUDIX_COLUMNS).join(', ')}) or Todoist's CSV export (TYPE, CONTENT, DESCRIPTION, PRIORITY, DATE, TIMEZONE are read). UTF-8, RFC 4180.`,
};
const readUpload = (ctx: AppContext) => readBody(ctx, uploadBody(uploadSpec));

/**
 * A CSV row's problems name its columns; a JSON row's, its fields. A row naming a project is
 * valid only when the project is one of the importer's own that can take tasks, so a file from
 * another account never links a task to that account's projects.
 */
async function checkRows(
  file: ReturnType<typeof readImport>,
  assignable: (ids: string[]) => Promise<Set<string>>,
) {
  const checked: { line: number; task: ImportTaskInput }[] = [];
  const rejected: Rejection[] = [...file.rejected];
  for (const row of file.rows) {
    const result = importTaskRow.safeParse(row.fields);
    let problems = result.success ? [] : fieldErrors(result.error.issues);
    if (result.success && result.data.recurrence && !result.data.dueDate) {
      problems = [{ path: 'recurrence', message: 'a repeating task needs a due date' }];
    }
    if (result.success && problems.length === 0) {
      checked.push({ line: row.line, task: result.data });
    } else {
      const named = problems.map((problem) => ({ ...problem, path: file.columnOf(problem.path) }));
      rejected.push({ line: row.line, errors: named });
    }
  }
  const usable = await assignable(
    checked.flatMap(({ task }) => (task.projectId === undefined ? [] : [task.projectId])),
  );
  const valid: ImportTaskInput[] = [];
  for (const { line, task } of checked) {
    if (task.projectId === undefined || usable.has(task.projectId.toLowerCase())) {
      valid.push(task);
    } else {
      rejected.push({
        line,
        errors: [{ path: file.columnOf('projectId'), message: NOT_ASSIGNABLE }],
      });
    }
  }
  return { valid, rejected: rejected.sort((a, b) => a.line - b.line) };
}

export function transferRoutes({ service, userStates, idempotency, events }: Options): Route[] {
  return [
    route({
      method: 'GET',
      path: '/tasks/export',
      operationId: 'exportTasks',
      tag: 'tasks',
      summary: 'Download every task as one file',
      description:
        "Streamed, oldest first, as a file to keep (`Content-Disposition`). JSON is a document an import reads back; CSV is RFC 4180 in UTF-8 with a byte-order mark, dates ISO 8601 in UTC, several tags in one cell one per line, the rule of a repeating task as an iCalendar RRULE beside its time zone, and a cell that a spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`, tab, carriage return, or `'`) written after a `'`. With `project`, only that project's tasks. The file names no projects, so it can be imported into any account: its tasks land in the Inbox.",
      auth: 'bearer',
      request: { query: exportQuery },
      responses: {
        200: {
          description: 'The tasks',
          schema: exportDocument,
          text: {
            mediaType: 'text/csv',
            description: `A header line (${Object.keys(JUDIX_COLUMNS).join(',')}), then one record per task.`,
          },
          headers: ['Content-Disposition'],
        },
      },
      handler: async (ctx, { query }) => {
        const tasks = await service.exportTasks(ctx.state.principal!.userId, query.project);
        const day = new Date().toISOString().slice(0, 10);
        ctx.set('Content-Disposition', `attachment; filename="judix-tasks-${day}.${query.format}"`);
        ctx.type = query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json';
        ctx.body = Readable.from(
          chunked(query.format === 'csv' ? csvFile(tasks) : jsonFile(tasks)),
        );
      },
    }),
    route({
      method: 'POST',
      path: '/tasks/import',
      operationId: 'importTasks',
      tag: 'tasks',
      summary: 'Add the tasks of a file',
      description: `Takes Judix's JSON or CSV export, or Todoist's CSV export, up to ${IMPORT_MAX_ROWS} tasks. Every row is checked with the rules of a new task (a JSON task's \`projectId\` must be one of your projects that is not archived, else the row is rejected; without it the task lands in the Inbox); the answer reports each rejected row by its line (CSV) or position in \`tasks\` (JSON, from 1). Valid rows are imported, or with \`atomic=true\` nothing is when a row is invalid (422, \`errors\` paths as \`<line>.<field>\`). With an \`Idempotency-Key\`, a retried upload adds nothing twice. Todoist: labels (\`@name\` in CONTENT) become tags, PRIORITY 1 is high, 2 and 3 medium, 4 low; DATE is read as \`YYYY-MM-DD\` or \`YYYY-MM-DD HH:MM\` in TIMEZONE; sections and notes are skipped.`,
      auth: 'bearer',
      use: [idempotent(idempotency, readUpload)],
      request: { headers: idempotencyKeyHeader, query: importQuery },
      upload: uploadSpec,
      responses: {
        200: { description: 'What was imported and what was not', schema: importResult },
      },
      problems: [409, 422],
      handler: async (ctx, { query, upload }) => {
        const { userId } = ctx.state.principal!;
        const file = readImport(upload!, IMPORT_MAX_ROWS);
        const { valid, rejected } = await checkRows(file, (ids) =>
          service.assignableProjects(userId, ids),
        );
        const atomic = query.atomic === 'true';
        const dryRun = query.dryRun === 'true';
        if (atomic && rejected.length > 0) {
          throw errors.importRejected(
            rejected
              .slice(0, MAX_LISTED_REJECTIONS)
              .flatMap(({ line, errors: problems }) =>
                problems.map((problem) => ({ ...problem, path: `${line}.${problem.path}` })),
              ),
            rejected.length,
          );
        }
        if (!dryRun && valid.length > 0) {
          await service.importTasks(userId, valid, {
            idempotencyKey: idempotencyKeyOf(ctx),
            atomic,
          });
          await userStates.invalidateCaches(userId);
          void events.publish(userId, 'tasks.imported', { imported: valid.length });
        }
        ctx.body = {
          format: file.format,
          dryRun,
          imported: valid.length,
          skipped: file.skipped,
          rejectedCount: rejected.length,
          rejected: rejected.slice(0, MAX_LISTED_REJECTIONS),
          preview: valid.slice(0, PREVIEW_ROWS).map((task) => ({
            title: task.title,
            status: task.status ?? 'todo',
            priority: task.priority ?? 'medium',
            dueDate: task.dueDate ? new Date(task.dueDate).toISOString() : null,
            tags: task.tags ?? [],
            repeats: Boolean(task.recurrence),
          })),
        };
      },
    }),
  ];
}
