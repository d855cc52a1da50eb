import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiRequest } from '@/lib/api-client';
import type { DeviceSession, DeviceSessionList } from '@/lib/api/types';

// Not under ['auth']: signing in as someone else drops every other query, this one included.
export const sessionKeys = { all: ['sessions'] as const };

export const sessionsQueryOptions = () =>
  queryOptions({
    queryKey: sessionKeys.all,
    queryFn: async ({ signal }) =>
      (await apiRequest<DeviceSessionList>('/auth/sessions', { signal })).data,
  });

/** Signs another device out; one that is already gone (404) is simply dropped from the list. */
export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      try {
        await apiRequest<void>(`/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 404)) throw error;
      }
    },
    onSuccess: (_result, id) =>
      queryClient.setQueryData<DeviceSession[]>(sessionKeys.all, (sessions) =>
        sessions?.filter((session) => session.id !== id),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: sessionKeys.all }),
  });
}
