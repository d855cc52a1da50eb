// The files an import reads and an export writes. Each import form becomes a list of rows, each
// row an object for the task schema with the line (CSV) or the position (JSON, from 1) to report
// it by; what cannot become such an object is rejected there already.
import type { RequestBody } from '../http/body';
import { parse } from '../http/validation';
import { errors, type FieldError } from '../platform/errors';
import { parseRRule, RRuleError, toRRule } from '../tasks/recurrence';
import { instantOf } from '../tasks/time-zone';
import type { TaskView } from '../tasks/presenter';
import { importDocument, type ImportFormat } from './schemas';
import { csvRecord, CsvSyntaxError, parseCsv, unneutralise, type CsvRecord } from './csv';

export interface Row {
  line: number;
  fields: Record<string, unknown>;
}
export interface Rejection {
  line: number;
  errors: FieldError[];
}
export interface ReadFile {
  format: ImportFormat;
  rows: Row[];
  rejected: Rejection[];
  /** Records that are not tasks (Todoist's sections and comments). */
  skipped: number;
  /** The name a row's field has in the file, for messages about it. */
  columnOf: (field: string) => string;
}

/** Judix's CSV columns, in the order an export writes them, and the task field of each. */
export const JUDIX_COLUMNS = {
  title: 'title',
  description: 'description',
  status: 'status',
  priority: 'priority',
  due_date: 'dueDate',
  remind_at: 'remindAt',
  tags: 'tags',
  repeat: 'recurrence',
  repeat_time_zone: 'recurrence.timeZone',
  completed_at: 'completedAt',
  created_at: 'createdAt',
} as const;
type JudixColumn = keyof typeof JUDIX_COLUMNS;
const FIELD_COLUMNS: Record<string, string> = Object.fromEntries(
  Object.entries(JUDIX_COLUMNS).map(([column, field]) => [field, column]),
);

/** Todoist's template: p1 is the highest priority, p4 (its default) the lowest. */
const TODOIST_PRIORITIES: Record<string, string> = {
  '1': 'high',
  '2': 'medium',
  '3': 'medium',
  '4': 'low',
};
const TODOIST_COLUMNS = ['TYPE', 'CONTENT', 'DESCRIPTION', 'PRIORITY', 'DATE', 'TIMEZONE'];
const LABEL = /(^|\s)@([^\s@]+)/g;

export const CSV_HEADER = `\uFEFF${csvRecord(Object.keys(JUDIX_COLUMNS))}`;

/** The reminder an import should set again: one that has fired is history, not a plan. */
const pendingReminder = (task: TaskView) => (task.remindedAt ? null : task.remindAt);

/** One task as a record of Judix's CSV. */
export function csvLine(task: TaskView): string {
  const { recurrence } = task;
  const values: Record<JudixColumn, string> = {
    title: task.title,
    description: task.description,
    status: task.status,
    priority: task.priority,
    due_date: task.dueDate ?? '',
    remind_at: pendingReminder(task) ?? '',
    tags: task.tags.join('\n'),
    repeat: recurrence
      ? toRRule({ ...recurrence, until: recurrence.until ? new Date(recurrence.until) : null })
      : '',
    repeat_time_zone: recurrence?.timeZone ?? '',
    completed_at: task.completedAt ?? '',
    created_at: task.createdAt,
  };
  return csvRecord((Object.keys(JUDIX_COLUMNS) as JudixColumn[]).map((column) => values[column]));
}

/** A task as the JSON export writes it: what an import reads back. */
export const exportedTask = (task: TaskView) => ({
  title: task.title,
  description: task.description,
  status: task.status,
  priority: task.priority,
  dueDate: task.dueDate,
  remindAt: pendingReminder(task),
  tags: task.tags,
  recurrence: task.recurrence,
  createdAt: task.createdAt,
  completedAt: task.completedAt,
});

function judixRows(header: string[], records: CsvRecord[]): ReadFile {
  const unknown = header.filter((column) => !(column in JUDIX_COLUMNS));
  if (unknown.length > 0 || !header.includes('title') || new Set(header).size < header.length) {
    throw errors.invalidInput(
      [
        {
          path: 'line 1',
          message: `the columns must be distinct and among ${Object.keys(JUDIX_COLUMNS).join(', ')}, title included${unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : ''}`,
        },
      ],
      'The first line does not name the columns of a Judix or a Todoist CSV file.',
    );
  }
  const rows: Row[] = [];
  const rejected: Rejection[] = [];
  for (const record of records) {
    if (record.fields.length !== header.length) {
      rejected.push({
        line: record.line,
        errors: [
          {
            path: 'line',
            message: `has ${record.fields.length} fields where the first line names ${header.length}`,
          },
        ],
      });
      continue;
    }
    const cells = Object.fromEntries(
      header.map((column, index) => [column, unneutralise(record.fields[index]!)]),
    ) as Partial<Record<JudixColumn, string>>;
    const fields: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(cells) as [JudixColumn, string][]) {
      if (value === '' || column === 'repeat' || column === 'repeat_time_zone') continue;
      fields[JUDIX_COLUMNS[column]] = column === 'tags' ? value.split('\n') : value;
    }
    if (cells.repeat) {
      try {
        fields.recurrence = parseRRule(cells.repeat, cells.repeat_time_zone || 'UTC');
      } catch (error) {
        if (!(error instanceof RRuleError)) throw error;
        rejected.push({ line: record.line, errors: [{ path: 'repeat', message: error.message }] });
        continue;
      }
    }
    rows.push({ line: record.line, fields });
  }
  return {
    format: 'judix-csv',
    rows,
    rejected,
    skipped: 0,
    columnOf: (field) => FIELD_COLUMNS[field] ?? FIELD_COLUMNS[field.split('.')[0]!] ?? field,
  };
}

/** A Todoist date: a day (the start of it) or a local date-time, in the row's time zone. */
function todoistDue(text: string, timeZone: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0] = match
    .slice(1)
    .map((part) => Number(part ?? 0));
  const wall = Date.UTC(year!, month! - 1, day!, hour, minute, second);
  const readBack = new Date(wall);
  if (readBack.getUTCDate() !== day || readBack.getUTCHours() !== hour) return undefined;
  try {
    return new Date(instantOf(wall, timeZone)).toISOString();
  } catch {
    return undefined;
  }
}

function todoistRows(header: string[], records: CsvRecord[]): ReadFile {
  const column = (name: string) => header.indexOf(name);
  const [type, content, description, priority, date, timeZone] = TODOIST_COLUMNS.map(column);
  const rows: Row[] = [];
  const rejected: Rejection[] = [];
  let skipped = 0;
  for (const { line, fields: cells } of records) {
    const cell = (index: number | undefined) =>
      index === undefined || index < 0 ? '' : (cells[index] ?? '').trim();
    if (cell(type) !== 'task') {
      skipped += 1;
      continue;
    }
    const tags: string[] = [];
    const title = cell(content)
      .replace(LABEL, (_match, space: string, label: string) => {
        tags.push(label);
        return space;
      })
      .replace(/\s+/g, ' ')
      .trim();
    const fields: Record<string, unknown> = { title };
    if (tags.length > 0) fields.tags = tags;
    if (cell(description) !== '') fields.description = cells[description!];
    const level = cell(priority);
    if (level !== '') {
      if (!(level in TODOIST_PRIORITIES)) {
        rejected.push({ line, errors: [{ path: 'PRIORITY', message: 'must be 1, 2, 3 or 4' }] });
        continue;
      }
      fields.priority = TODOIST_PRIORITIES[level];
    }
    const due = cell(date);
    if (due !== '') {
      const dueDate = todoistDue(due, cell(timeZone) || 'UTC');
      if (dueDate === undefined) {
        rejected.push({
          line,
          errors: [
            {
              path: 'DATE',
              message: `"${due.slice(0, 40)}" is not a date such as 2026-12-04 or 2026-12-04 17:00 (dates in words are not read)`,
            },
          ],
        });
        continue;
      }
      fields.dueDate = dueDate;
    }
    rows.push({ line, fields });
  }
  const names: Record<string, string> = {
    title: 'CONTENT',
    tags: 'CONTENT',
    description: 'DESCRIPTION',
    priority: 'PRIORITY',
    dueDate: 'DATE',
  };
  return {
    format: 'todoist-csv',
    rows,
    rejected,
    skipped,
    columnOf: (field) => names[field.split('.')[0]!] ?? field,
  };
}

function csvRows(text: string): ReadFile {
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw errors.malformedCsv(error.line, error.message);
    throw error;
  }
  const [first, ...rest] = records;
  if (!first) {
    throw errors.invalidInput(
      [{ path: 'line 1', message: 'must name the columns' }],
      'The file is empty.',
    );
  }
  const header = first.fields.map((name) => name.trim());
  return header.includes('TYPE') && header.includes('CONTENT')
    ? todoistRows(header, rest)
    : judixRows(header, rest);
}

function jsonRows(value: unknown, maxRows: number): ReadFile {
  const { tasks } = parse(importDocument(maxRows), value, 'The body is not an import document.');
  return {
    format: 'judix-json',
    rows: tasks.map((fields, index) => ({
      line: index + 1,
      fields: fields as Record<string, unknown>,
    })),
    rejected: [],
    skipped: 0,
    columnOf: (field) => field,
  };
}

/** The rows of an upload, by its form; `maxRows` is checked here, before any row is. */
export function readImport(upload: RequestBody, maxRows: number): ReadFile {
  const read = upload.kind === 'csv' ? csvRows(upload.text) : jsonRows(upload.value, maxRows);
  const count = read.rows.length + read.rejected.length;
  if (count > maxRows) {
    throw errors.invalidInput(
      [{ path: 'tasks', message: `at most ${maxRows} tasks` }],
      `The file has ${count} tasks; an import takes at most ${maxRows}.`,
    );
  }
  return read;
}
