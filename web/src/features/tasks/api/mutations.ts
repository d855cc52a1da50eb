import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { apiRequest, ApiError } from '@/lib/api-client';
import { showToast } from '@/components/ui/toast';
import { errorMessage, fieldErrorsMessage } from '@/components/ui/form-error';
import {
  insertTask,
  removeTask,
  replaceTask,
  restoreLists,
  settleTaskChange,
  snapshotLists,
} from './cache';
import { setConflict } from './conflicts';
import { taskKeys } from './keys';
import { taskQueryOptions } from './queries';
import type { NewTask } from '@/lib/api/types';
import type { Task, TaskChanges } from './types';

export type { NewTask } from '@/lib/api/types';

let temporaryIds = 0;

export function useCreateTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewTask) =>
      apiRequest<Task>('/tasks', {
        method: 'POST',
        body: input,
        idempotencyKey: crypto.randomUUID(),
      }),
    onMutate: async (input) => {
      const snapshot = await snapshotLists(queryClient);
      const now = new Date().toISOString();
      const placeholder: Task = {
        id: `temp-${++temporaryIds}`,
        description: '',
        status: 'todo',
        priority: 'medium',
        dueDate: null,
        tags: [],
        ...input,
        recurrence: input.recurrence ?? null,
        remindAt: input.remindAt ?? null,
        // Without a project the task goes to the Inbox, whose id only the answer tells.
        projectId: input.projectId ?? '',
        // Last in its column, as the api puts a new task.
        rank: Date.parse(now),
        createdAt: now,
        updatedAt: now,
        completedAt: null,
        remindedAt: null,
        version: 0,
      };
      insertTask(queryClient, placeholder);
      return { snapshot, placeholderId: placeholder.id };
    },
    onError: (error, _input, context) => {
      if (context) restoreLists(queryClient, context.snapshot);
      showToast({
        message: `The task was not added: ${fieldErrorsMessage(error) ?? errorMessage(error)}`,
      });
    },
    onSuccess: (task, _input, context) => {
      replaceTask(queryClient, task, context.placeholderId);
    },
    // The new task's place depends on the sort, which only the server applies to every page.
    onSettled: () => queryClient.invalidateQueries({ queryKey: taskKeys.all }),
  });
}

export interface TaskUpdate {
  /** The task as this tab last saw it; its version goes into If-Match. */
  task: Task;
  changes: TaskChanges;
}

export function patchTask({ task, changes }: TaskUpdate): Promise<Task> {
  return apiRequest<Task>(`/tasks/${task.id}`, {
    method: 'PATCH',
    body: changes,
    headers: { 'If-Match': `"${task.version}"` },
  });
}

/**
 * Whether the change completes a repeating task. The server then adds the next occurrence, which
 * no list in the cache holds, so the lists are read again at once instead of only marked stale.
 */
function completesSeries({ task, changes }: TaskUpdate): boolean {
  const rule = changes.recurrence !== undefined ? changes.recurrence : task.recurrence;
  return rule !== null && changes.status === 'done' && task.status !== 'done';
}

export function useUpdateTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: patchTask,
    onMutate: async ({ task, changes }) => {
      const snapshot = await snapshotLists(queryClient);
      const detail = queryClient.getQueryData<Task>(taskKeys.detail(task.id));
      replaceTask(queryClient, { ...task, ...changes });
      return { snapshot, detail };
    },
    onError: async (error, { task, changes }, context) => {
      if (context) {
        restoreLists(queryClient, context.snapshot);
        queryClient.setQueryData(taskKeys.detail(task.id), context.detail);
      }
      if (error instanceof ApiError && error.status === 412) {
        try {
          const theirs = await queryClient.fetchQuery({
            ...taskQueryOptions(task.id),
            staleTime: 0,
          });
          replaceTask(queryClient, theirs);
          setConflict({ mine: changes, theirs });
        } catch (reloadError) {
          showToast({ message: errorMessage(reloadError) });
        }
        return;
      }
      if (error instanceof ApiError && error.status === 404) {
        removeTask(queryClient, task.id);
        showToast({ message: 'That task was deleted elsewhere.' });
        return;
      }
      showToast({ message: `The change was not saved: ${errorMessage(error)}` });
    },
    onSuccess: (saved) => replaceTask(queryClient, saved),
    onSettled: (_saved, _error, update) =>
      completesSeries(update)
        ? queryClient.invalidateQueries({ queryKey: taskKeys.all })
        : settleTaskChange(queryClient),
  });
}

/** Deletes on the server after the optimistic removal; puts the task back if that fails. */
export async function deleteTask(
  queryClient: QueryClient,
  task: Task,
  options: { keepalive?: boolean } = {},
): Promise<void> {
  // Sent before the first await: when the page is being left, there may be no later turn.
  const request = apiRequest<void>(`/tasks/${task.id}`, { method: 'DELETE', ...options });
  const snapshot = await snapshotLists(queryClient);
  removeTask(queryClient, task.id);
  try {
    await request;
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) {
      restoreLists(queryClient, snapshot);
      showToast({ message: `“${task.title}” was not deleted: ${errorMessage(error)}` });
    }
  } finally {
    await settleTaskChange(queryClient);
  }
}
