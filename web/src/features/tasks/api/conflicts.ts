// A 412 from If-Match: someone changed the task since this tab read it. The dialog shows both
// versions and lets the person keep theirs (re-applied on top of the current version) or take
// the server's.
import { useSyncExternalStore } from 'react';
import type { Task, TaskChanges } from './types';

export interface Conflict {
  mine: TaskChanges;
  theirs: Task;
}

let current: Conflict | null = null;
const listeners = new Set<() => void>();

export function setConflict(conflict: Conflict | null): void {
  current = conflict;
  listeners.forEach((listener) => listener());
}

export function useConflict(): Conflict | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}
