// Delete with undo: the task disappears at once, and the DELETE is sent only when the undo window
// closes (or the page is being left), so Undo restores the very same task rather than a copy.
import { useSyncExternalStore } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { showToast } from '@/components/ui/toast';
import { deleteTask } from './mutations';
import type { Task } from './types';

export const UNDO_WINDOW_MS = 5000;

interface Pending {
  task: Task;
  timer: ReturnType<typeof setTimeout>;
  queryClient: QueryClient;
}

const pending = new Map<string, Pending>();
let hidden: ReadonlySet<string> = new Set();
const listeners = new Set<() => void>();

function publish() {
  hidden = new Set(pending.keys());
  listeners.forEach((listener) => listener());
}

function commit(id: string, keepalive = false) {
  const entry = pending.get(id);
  if (!entry) return;
  clearTimeout(entry.timer);
  void deleteTask(entry.queryClient, entry.task, { keepalive }).finally(() => {
    pending.delete(id);
    publish();
  });
}

export function undoDeletion(id: string): void {
  const entry = pending.get(id);
  if (!entry) return;
  clearTimeout(entry.timer);
  pending.delete(id);
  publish();
}

export function scheduleDeletion(queryClient: QueryClient, task: Task): void {
  if (pending.has(task.id)) return;
  const timer = setTimeout(() => commit(task.id), UNDO_WINDOW_MS);
  pending.set(task.id, { task, timer, queryClient });
  publish();
  showToast({
    message: `Deleted “${task.title}”`,
    action: { label: 'Undo', run: () => undoDeletion(task.id) },
    timeoutMs: UNDO_WINDOW_MS,
  });
}

if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', () => {
    for (const id of pending.keys()) commit(id, true);
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
