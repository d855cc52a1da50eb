// Dropping a card on the board. A move within a column is one `POST /move`; into another column the
// status changes first by `PATCH` with `If-Match`, so a card someone changed meanwhile is not moved
// on the strength of a stale copy, and then `/move` puts it where it was dropped.
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { apiRequest, ApiError } from '@/lib/api-client';
import { showToast } from '@/components/ui/toast';
import { errorMessage } from '@/components/ui/form-error';
import { moveInCache, placeAt, type BoardMove, type MovePlace } from './board';
import { newestCopy, replaceTask, restoreLists, settleTaskChange, snapshotLists } from './cache';
import type { TaskFilters } from './filters';
import { taskKeys } from './keys';
import { patchTask } from './mutations';
import type { Task } from './types';

export interface CardDrop {
  move: BoardMove;
  /** The board's filters and project, which name its column queries. */
  filters: TaskFilters;
  project: string;
  /** The target column's cards as shown (without those being deleted), in order. */
  shown: readonly string[];
}

interface Sent extends Omit<CardDrop, 'shown'> {
  place: MovePlace;
}

async function sendMove(queryClient: QueryClient, { move, place }: Sent): Promise<Task> {
  // The copy as it is now, not as it was dropped: a card moved again before its last move was
  // answered has a newer version than the drop saw, which its If-Match must name.
  let task = newestCopy(queryClient, move.task.id) ?? move.task;
  if (move.to.status !== move.task.status) {
    task = await patchTask({ task, changes: { status: move.to.status } });
  }
  return apiRequest<Task>(`/tasks/${task.id}/move`, { method: 'POST', body: place });
}

function failureMessage(error: unknown, title: string): string {
  if (error instanceof ApiError && error.status === 412) {
    return `“${title}” was changed elsewhere, so it was not moved. The board shows its latest state.`;
  }
  if (error instanceof ApiError && error.status === 404) {
    return `“${title}” was deleted elsewhere.`;
  }
  if (error instanceof ApiError && error.status === 422) {
    return `“${title}” was not moved: the board changed meanwhile. It shows the latest order now.`;
  }
  return `“${title}” was not moved: ${errorMessage(error)}`;
}

export function useMoveCard() {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    // One move at a time, in the order they were made, each sent once the one before is answered.
    scope: { id: 'board-move' },
    mutationFn: (sent: Sent) => sendMove(queryClient, sent),
    onMutate: async ({ move, filters, project }) => {
      const snapshot = await snapshotLists(queryClient);
      moveInCache(queryClient, filters, project, move);
      return { snapshot };
    },
    onError: (error, { move }, context) => {
      if (context) restoreLists(queryClient, context.snapshot);
      showToast({ message: failureMessage(error, move.task.title) });
      // The cache was wrong about this card or its neighbours, or the status changed and the move
      // did not: either way only the server knows the board now.
      void queryClient.invalidateQueries({ queryKey: taskKeys.all });
    },
    onSuccess: (saved) => replaceTask(queryClient, saved),
    onSettled: () => settleTaskChange(queryClient),
  });
  const { mutate } = mutation;
  return {
    ...mutation,
    /** Sends the drop, naming the neighbour it has in the column as shown. */
    drop: ({ shown, ...drop }: CardDrop) =>
      mutate({ ...drop, place: placeAt(shown, drop.move.task.id, drop.move.to.index) }),
  };
}
