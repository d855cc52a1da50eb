import { useId, useRef, useState, type ChangeEvent } from 'react';
import { Field } from '@/components/ui/field';
import { ProjectOptions } from '@/components/ui/project-options';
import { errorMessage, FormError } from '@/components/ui/form-error';
import { Spinner } from '@/components/ui/spinner';
import { ApiError } from '@/lib/api-client';
import type { ImportResult, Project } from '@/lib/api/types';
import { dueDayLabel } from '@/lib/dates';
import {
  IMPORT_LIMIT_BYTES,
  importContentType,
  isRefusal,
  useExportTasks,
  useImportPreview,
  useImportTasks,
  type ExportFormat,
  type ImportRequest,
} from '../api/transfer';

const FORMAT_NAMES: Record<ImportResult['format'], string> = {
  'judix-json': 'Judix JSON',
  'judix-csv': 'Judix CSV',
  'todoist-csv': 'Todoist CSV',
};

const tasksWord = (count: number) => (count === 1 ? '1 task' : `${count} tasks`);

/** A CSV file's rows are counted by line; a JSON file's by their place in `tasks`, from 1. */
function rowLabel(format: ImportResult['format'], line: number): string {
  return format === 'judix-json' ? `Task ${line}` : `Line ${line}`;
}

/** An atomic import's refusal names a row's field as `<line>.<field>`. */
function problemPath(format: ImportResult['format'] | undefined, path: string): string {
  const match = /^(\d+)\.(.+)$/.exec(path);
  if (!match || !format) return path;
  return `${rowLabel(format, Number(match[1]))}, ${match[2]}`;
}

/** A refused request in words, with the api's field errors listed under it. */
function ImportProblem({ error, format }: { error: unknown; format?: ImportResult['format'] }) {
  if (!error) return null;
  const fieldErrors = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  return (
    <div className="form-error" role="alert">
      <p>{errorMessage(error)}</p>
      {fieldErrors.length > 0 && (
        <ul className="transfer-errors">
          {fieldErrors.map(({ path, message }, index) => (
            <li key={index}>
              {problemPath(format, path)}: {message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ExportButtons({ projects }: { projects: Project[] }) {
  const download = useExportTasks();
  const [project, setProject] = useState('');
  const button = (format: ExportFormat, label: string) => (
    <button
      type="button"
      className="button button-secondary"
      onClick={() => download.mutate({ format, project })}
      disabled={download.isPending}
    >
      {label}
    </button>
  );
  return (
    <>
      {projects.length > 0 && (
        <Field label="Tasks to export">
          <select value={project} onChange={(event) => setProject(event.target.value)}>
            <option value="">Every project</option>
            <ProjectOptions projects={projects} />
          </select>
        </Field>
      )}
      <div className="form-actions">
        {button('json', 'Download JSON')}
        {button('csv', 'Download CSV')}
      </div>
      {download.isPending && (
        <Spinner label={`Preparing your ${download.variables.format.toUpperCase()} file…`} />
      )}
      {download.isSuccess && <p role="status">Saved {download.data}.</p>}
      <FormError error={download.error} />
    </>
  );
}

function PreviewDetails({ result }: { result: ImportResult }) {
  const more = result.rejectedCount - result.rejected.length;
  return (
    <div className="transfer-preview">
      <p role="status">
        {FORMAT_NAMES[result.format]} file: {tasksWord(result.imported)} to import
        {result.skipped > 0 && `, ${result.skipped} skipped (not tasks)`}
        {result.rejectedCount > 0 && `, ${result.rejectedCount} rejected`}.
      </p>
      {result.preview.length > 0 && (
        <>
          <h4>{result.preview.length < result.imported ? 'The first tasks' : 'The tasks'}</h4>
          <ul className="transfer-rows" aria-label="Tasks to import">
            {result.preview.map((task, index) => (
              <li key={index}>
                <span className="transfer-title">{task.title}</span>
                {task.dueDate && (
                  <span className="muted">
                    {' '}
                    · due <time dateTime={task.dueDate}>{dueDayLabel(task.dueDate)}</time>
                  </span>
                )}
                {task.repeats && <span className="muted"> · repeats</span>}
                {task.tags.map((tag) => (
                  <span key={tag} className="muted">
                    {' '}
                    #{tag}
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </>
      )}
      {result.rejected.length > 0 && (
        <>
          <h4>Rows that will not be imported</h4>
          <ul className="transfer-rows" aria-label="Rejected rows">
            {result.rejected.map((row) => (
              <li key={row.line}>
                <span className="transfer-title">{rowLabel(result.format, row.line)}</span>:{' '}
                {row.errors.map((error) => `${error.path} ${error.message}`).join('; ')}
              </li>
            ))}
          </ul>
          {more > 0 && <p className="muted">and {more} more.</p>}
        </>
      )}
    </div>
  );
}

function ImportForm() {
  const preview = useImportPreview();
  const run = useImportTasks();
  const [request, setRequest] = useState<ImportRequest>();
  const [localError, setLocalError] = useState<string>();
  const [atomic, setAtomic] = useState(false);
  const atomicId = useId();
  // One key per chosen file: a second click or a retry of the same import adds nothing twice.
  const idempotencyKey = useRef('');

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    preview.reset();
    run.reset();
    setRequest(undefined);
    setLocalError(undefined);
    if (!file) return;
    const contentType = importContentType(file);
    if (!contentType) {
      setLocalError('Choose a .json or .csv file.');
      return;
    }
    if (file.size > IMPORT_LIMIT_BYTES) {
      setLocalError(
        'This file is larger than 5 MB, the most an import takes. Split it into smaller files.',
      );
      return;
    }
    const chosen = { file, contentType };
    idempotencyKey.current = crypto.randomUUID();
    setRequest(chosen);
    preview.mutate(chosen);
  };

  const start = () => {
    if (!request) return;
    run.mutate(
      { ...request, atomic, idempotencyKey: idempotencyKey.current },
      {
        onError: (error) => {
          if (isRefusal(error)) idempotencyKey.current = crypto.randomUUID();
        },
      },
    );
  };

  const result = preview.data;
  return (
    <>
      <Field
        label="File to import"
        hint="Judix's JSON or CSV export, or Todoist's CSV export; at most 5 MB. Nothing is imported before you confirm."
        error={localError}
      >
        <input type="file" accept=".json,.csv,application/json,text/csv" onChange={choose} />
      </Field>
      {preview.isPending && <Spinner label="Checking the file…" />}
      <ImportProblem error={preview.error} />
      {result && <PreviewDetails result={result} />}
      {result && !run.isSuccess && (
        <>
          <div className="transfer-option">
            <input
              id={atomicId}
              type="checkbox"
              checked={atomic}
              onChange={(event) => setAtomic(event.target.checked)}
            />
            <label htmlFor={atomicId}>Import nothing if any row is invalid</label>
          </div>
          <div className="form-actions">
            <button
              type="button"
              className="button"
              onClick={start}
              disabled={run.isPending || result.imported === 0}
            >
              Import {tasksWord(result.imported)}
            </button>
          </div>
        </>
      )}
      {run.isPending && <Spinner label="Importing…" />}
      {run.isSuccess && <p role="status">Imported {tasksWord(run.data.imported)}.</p>}
      <ImportProblem error={run.error} format={result?.format} />
    </>
  );
}

/** `projects` lets the export be limited to one of them; without any, it has every task. */
export function TransferSection({ projects }: { projects: Project[] }) {
  return (
    <section className="card" aria-labelledby="transfer-heading">
      <h2 id="transfer-heading">Your tasks: export and import</h2>
      <p>
        Download your tasks, or one project&apos;s, as a file to keep, or add the tasks of a file to
        your list.
      </p>
      <h3>Export</h3>
      <ExportButtons projects={projects} />
      <h3>Import</h3>
      <ImportForm />
    </section>
  );
}
