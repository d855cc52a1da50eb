// Changes to many tasks at once: one POST /tasks/bulk per hundred tasks (the api's limit), an
// outcome per task, and a reload of the lists, whose order and filters only the server applies.
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { LIMITS } from '@/lib/api/types';
import { showToast } from '@/components/ui/toast';
import { errorMessage } from '@/components/ui/form-error';
import { removeTask, restoreLists, settleTaskChange, snapshotLists } from './cache';
import { taskKeys } from './keys';
import type { BulkOperation, BulkResult } from './types';

export type BulkOutcome = BulkResult['results'][number];

function batches(ids: readonly string[]): string[][] {
  const result: string[][] = [];
  for (let start = 0; start < ids.length; start += LIMITS.bulkIds) {
    result.push(ids.slice(start, start + LIMITS.bulkIds));
  }
  return result;
}

/** Sends every batch at once (before any await, so it also works while the page unloads). */
export async function sendBulk(
  ids: readonly string[],
  operation: BulkOperation,
  options: { keepalive?: boolean } = {},
): Promise<BulkOutcome[]> {
  const answers = await Promise.all(
    batches(ids).map((batch) =>
      apiRequest<BulkResult>('/tasks/bulk', {
        method: 'POST',
        body: { ids: batch, operation },
        ...options,
      }),
    ),
  );
  return answers.flatMap((answer) => answer.results);
}

const tasksWord = (count: number) => (count === 1 ? '1 task' : `${count} tasks`);

/** What the person should hear about the tasks a bulk change left alone, or null. */
export function skippedMessage(results: readonly BulkOutcome[]): string | null {
  const rejected = results.filter((result) => result.status === 'rejected');
  const missing = results.filter((result) => result.status === 'not_found').length;
  const parts: string[] = [];
  if (rejected.length > 0) {
    const reasons = [...new Set(rejected.map((result) => result.reason).filter(Boolean))];
    parts.push(
      `${tasksWord(rejected.length)} not changed${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''}`,
    );
  }
  if (missing > 0) parts.push(`${tasksWord(missing)} no longer found`);
  return parts.length > 0 ? `${parts.join('. ')}.` : null;
}

export interface BulkChange {
  ids: readonly string[];
  operation: Exclude<BulkOperation, { type: 'delete' }>;
}

export function useBulkUpdate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ids, operation }: BulkChange) => sendBulk(ids, operation),
    onSuccess: (results) => {
      const message = skippedMessage(results);
      if (message) showToast({ message });
    },
    onError: (error) => showToast({ message: `The change was not saved: ${errorMessage(error)}` }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: taskKeys.all }),
  });
}

/** Deletes on the server after the optimistic removal; puts the tasks back if that fails. */
export async function deleteTasks(
  queryClient: QueryClient,
  ids: readonly string[],
  options: { keepalive?: boolean } = {},
): Promise<void> {
  const request = sendBulk(ids, { type: 'delete' }, options);
  const snapshot = await snapshotLists(queryClient);
  for (const id of ids) removeTask(queryClient, id);
  try {
    await request;
  } catch (error) {
    restoreLists(queryClient, snapshot);
    showToast({ message: `${tasksWord(ids.length)} not deleted: ${errorMessage(error)}` });
  } finally {
    await settleTaskChange(queryClient);
  }
}
