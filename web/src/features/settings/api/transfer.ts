// Export and import of a person's tasks (the export of all of them, or of one project's): the export is fetched with the token and saved
// under the server's file name; an import is first sent as a dry run for a preview, then for real.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiDownload, apiRequest } from '@/lib/api-client';
import type { ImportResult } from '@/lib/api/types';
import { saveFile } from '@/lib/save-file';

export type ExportFormat = 'json' | 'csv';

/** The largest file the api reads (it answers 413 beyond), checked before uploading it. */
export const IMPORT_LIMIT_BYTES = 5 * 1024 * 1024;

/**
 * The media type to send a chosen file as. The extension decides first: browsers report `.csv`
 * differently (Windows often says `application/vnd.ms-excel`), and the api takes only these two.
 */
export function importContentType(file: File): 'text/csv' | 'application/json' | null {
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv')) return 'text/csv';
  if (name.endsWith('.json')) return 'application/json';
  if (file.type === 'text/csv') return 'text/csv';
  if (file.type === 'application/json') return 'application/json';
  return null;
}

export interface ExportRequest {
  format: ExportFormat;
  /** Only this project's tasks; empty for every task. */
  project: string;
}

/** Downloads the export and saves it; resolves to the name it was saved under. */
export function useExportTasks() {
  return useMutation({
    mutationFn: async ({ format, project }: ExportRequest) => {
      const query = new URLSearchParams({ format });
      if (project) query.set('project', project);
      const { blob, fileName } = await apiDownload(`/tasks/export?${query.toString()}`);
      const name = fileName ?? `judix-tasks.${format}`;
      saveFile(blob, name);
      return name;
    },
  });
}

/**
 * Whether the api refused an import outright, so that nothing was written and the next attempt
 * may use a new Idempotency-Key. The api keeps a key's request even after a failure and answers
 * 422 to the same key with another request (say, with the checkbox changed), but a retry after
 * an unknown outcome (network, 5xx) or one still in flight (409) must keep the key.
 */
export function isRefusal(error: unknown): boolean {
  return (
    error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 409
  );
}

export interface ImportRequest {
  file: File;
  contentType: string;
}

function sendImport(
  { file, contentType }: ImportRequest,
  query: URLSearchParams,
  idempotencyKey?: string,
) {
  const search = query.toString();
  return apiRequest<ImportResult>(`/tasks/import${search ? `?${search}` : ''}`, {
    method: 'POST',
    raw: { data: file, contentType },
    idempotencyKey,
  });
}

/** Checks a file without writing anything: what an import of it would do. */
export function useImportPreview() {
  return useMutation({
    mutationFn: (request: ImportRequest) =>
      sendImport(request, new URLSearchParams({ dryRun: 'true' })),
  });
}

export interface ImportRun extends ImportRequest {
  atomic: boolean;
  /** The same for every attempt at one import, so that a retry or a second click adds nothing twice. */
  idempotencyKey: string;
}

// The prefix of every task query (the tasks feature's `taskKeys.all`, which the dashboard's stats
// share too): an import changes the lists and the numbers alike.
const TASK_QUERIES = ['tasks'] as const;

/** Imports for real; every task query is refetched. */
export function useImportTasks() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ atomic, idempotencyKey, ...request }: ImportRun) =>
      sendImport(request, new URLSearchParams(atomic ? { atomic: 'true' } : {}), idempotencyKey),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TASK_QUERIES }),
  });
}
