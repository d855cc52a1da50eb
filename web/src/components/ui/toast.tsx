// Short notices at the bottom of the screen, optionally with one action (such as Undo) and a way
// to put one away before its time is up.
import { useSyncExternalStore } from 'react';

export interface Toast {
  id: number;
  message: string;
  action?: { label: string; run: () => void };
  dismissible?: boolean;
  timeoutMs: number;
}

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((listener) => listener());

export function dismissToast(id: number): void {
  toasts = toasts.filter((toast) => toast.id !== id);
  emit();
}

export function showToast(toast: Omit<Toast, 'id' | 'timeoutMs'> & { timeoutMs?: number }): number {
  const id = nextId++;
  const timeoutMs = toast.timeoutMs ?? 5000;
  toasts = [...toasts.slice(-2), { ...toast, id, timeoutMs }];
  emit();
  setTimeout(() => dismissToast(id), timeoutMs);
  return id;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function Toaster() {
  const items = useSyncExternalStore(subscribe, () => toasts);
  return (
    <div className="toaster" role="status" aria-live="polite">
      {items.map((toast) => (
        <div key={toast.id} className="toast">
          <span>{toast.message}</span>
          {toast.action && (
            <button
              type="button"
              className="button button-ghost"
              onClick={() => {
                toast.action?.run();
                dismissToast(toast.id);
              }}
            >
              {toast.action.label}
            </button>
          )}
          {toast.dismissible && (
            <button
              type="button"
              className="button button-ghost"
              // The visible word starts the name; the rest says which notice, when there are several.
              aria-label={`Dismiss “${toast.message}”`}
              onClick={() => dismissToast(toast.id)}
            >
              Dismiss
            </button>
          )}
        </div>
      ))}
    </div>
  );
}
