// Delete with undo: the tasks disappear at once, and the delete is sent only when the undo window
// closes (or the page is being left), so Undo restores the very same tasks rather than copies. A
// single task goes out as DELETE /tasks/{id}, a bulk deletion as one POST /tasks/bulk.
import { useSyncExternalStore } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { showToast } from '@/components/ui/toast';
import { deleteTasks } from './bulk';
import { deleteTask } from './mutations';
import type { Task } from './types';

export const UNDO_WINDOW_MS = 5000;

interface Pending {
  ids: readonly string[];
  timer: ReturnType<typeof setTimeout>;
  send: (keepalive: boolean) => Promise<void>;
}

/** By the task's id for a single deletion, by a key of its own for a bulk one. */
const pending = new Map<string, Pending>();
let hidden: ReadonlySet<string> = new Set();
const listeners = new Set<() => void>();
let bulkDeletions = 0;

function publish() {
  hidden = new Set([...pending.values()].flatMap((entry) => entry.ids));
  listeners.forEach((listener) => listener());
}

function commit(key: string, keepalive = false) {
  const entry = pending.get(key);
  if (!entry) return;
  clearTimeout(entry.timer);
  void entry.send(keepalive).finally(() => {
    pending.delete(key);
    publish();
  });
}

/** Cancels the pending deletion with this key: a task's id, or what scheduleBulkDeletion returned. */
export function undoDeletion(key: string): void {
  const entry = pending.get(key);
  if (!entry) return;
  clearTimeout(entry.timer);
  pending.delete(key);
  publish();
}

function schedule(
  key: string,
  ids: readonly string[],
  send: Pending['send'],
  message: string,
): void {
  const timer = setTimeout(() => commit(key), UNDO_WINDOW_MS);
  pending.set(key, { ids, timer, send });
  publish();
  showToast({
    message,
    action: { label: 'Undo', run: () => undoDeletion(key) },
    timeoutMs: UNDO_WINDOW_MS,
  });
}

export function scheduleDeletion(queryClient: QueryClient, task: Task): void {
  if (hidden.has(task.id)) return;
  schedule(
    task.id,
    [task.id],
    (keepalive) => deleteTask(queryClient, task, { keepalive }),
    `Deleted “${task.title}”`,
  );
}

/** Deletes the tasks together, with one Undo for all of them; returns the deletion's key. */
export function scheduleBulkDeletion(queryClient: QueryClient, ids: readonly string[]): string {
  const key = `bulk-${++bulkDeletions}`;
  const fresh = ids.filter((id) => !hidden.has(id));
  if (fresh.length === 0) return key;
  schedule(
    key,
    fresh,
    (keepalive) => deleteTasks(queryClient, fresh, { keepalive }),
    fresh.length === 1 ? 'Deleted 1 task' : `Deleted ${fresh.length} tasks`,
  );
  return key;
}

if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', () => {
    for (const key of pending.keys()) commit(key, true);
  });
}

export function useHiddenTaskIds(): ReadonlySet<string> {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => hidden,
  );
}
