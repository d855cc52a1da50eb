// Says that a reminder came due: a notice in the page and, once the person has allowed it, one
// from the browser, which also reaches them while Judix sits in a background tab.
import { showToast } from '@/components/ui/toast';
import type { Task } from '@/features/tasks/api/types';

/** Long enough to be read while busy with something else; it can be dismissed sooner. */
const NOTICE_MS = 10_000;

export function announceReminder(task: Task): void {
  showToast({ message: `Reminder: ${task.title}`, dismissible: true, timeoutMs: NOTICE_MS });
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    // Every open tab gets the event; with one tag, their notifications are shown as one.
    const notification = new Notification('Reminder', {
      body: task.title,
      tag: `judix-reminder-${task.id}`,
    });
    notification.onclick = () => window.focus();
  } catch {
    // Chrome on Android shows notifications only through a service worker: the notice is enough.
  }
}
