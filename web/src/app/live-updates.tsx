import { useEffect } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { applyTaskEvent, TASK_EVENTS, type TaskEvent } from '@/features/tasks/api/live';
import { applyProjectEvent, PROJECT_EVENTS } from '@/features/projects/api/live';
import { sessionKeys } from '@/features/settings/api/sessions';
import { useUser } from '@/lib/auth';
import { openLiveStream, type SseEvent } from '@/lib/live-stream';
import { announceReminder } from './reminder-notice';

/** Keeps the live stream open while someone is signed in, one stream per person. */
export function LiveUpdates() {
  const queryClient = useQueryClient();
  const userId = useUser().data?.id;
  useEffect(() => {
    if (!userId) return;
    return openLiveStream((event) => dispatch(queryClient, event));
  }, [queryClient, userId]);
  return null;
}

/** Hands each event to the feature it concerns; the stream logs and skips one that throws. */
function dispatch(queryClient: QueryClient, { event, data }: SseEvent) {
  if (TASK_EVENTS.has(event)) {
    const taskEvent = { event, data: JSON.parse(data) } as TaskEvent;
    applyTaskEvent(queryClient, taskEvent);
    if (taskEvent.event === 'reminder.due') announceReminder(taskEvent.data.task);
  } else if (PROJECT_EVENTS.has(event)) {
    applyProjectEvent(queryClient, event);
  } else if (event === 'session.revoked') {
    // If it was this session, the next api call answers 401 and signs this tab out.
    void queryClient.invalidateQueries({ queryKey: sessionKeys.all });
  }
}
