// The session: who is signed in, and the calls that change that. Shared by every feature, which is
// why it lives in lib/ rather than in a feature folder.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, ApiError, hasAccessToken, refreshSession, setAccessToken } from './api-client';
import type { Session, User } from './api/types';
import { forgetSessionHint, mayHaveSession, rememberSession } from './session-hint';

export type { User } from './api/types';

export const authKeys = {
  user: ['auth', 'user'] as const,
};

/**
 * The signed-in user, or null. On a fresh page load the refresh cookie is tried once first, when
 * this browser has signed in before.
 */
export async function loadUser(): Promise<User | null> {
  if (!hasAccessToken() && !(mayHaveSession() && (await refreshSession()))) {
    forgetSessionHint();
    return null;
  }
  try {
    const { user } = await apiRequest<{ user: User }>('/users/me');
    return user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      forgetSessionHint();
      return null;
    }
    throw error;
  }
}

export const userQueryOptions = () =>
  queryOptions({ queryKey: authKeys.user, queryFn: loadUser, staleTime: Infinity });

export function useUser() {
  return useQuery(userQueryOptions());
}

function useSessionMutation<Input>(path: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Input) => apiRequest<Session>(path, { method: 'POST', body: input }),
    onSuccess: ({ user, accessToken }) => {
      setAccessToken(accessToken);
      rememberSession();
      // A different person may have used this tab before: start from an empty cache.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'auth' });
      queryClient.setQueryData(authKeys.user, user);
    },
  });
}

export const useSignIn = () =>
  useSessionMutation<{ email: string; password: string }>('/auth/login');

export const useSignUp = () =>
  useSessionMutation<{ name: string; email: string; password: string }>('/auth/register');

/** Forgets the session locally: token, cached data, user. */
function useForgetSession() {
  const queryClient = useQueryClient();
  return () => {
    setAccessToken(null);
    forgetSessionHint();
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'auth' });
    queryClient.setQueryData(authKeys.user, null);
  };
}

export function useSignOut() {
  const forget = useForgetSession();
  return useMutation({
    mutationFn: async (everywhere: boolean) => {
      if (everywhere) await apiRequest<void>('/auth/logout-all', { method: 'POST' });
      await apiRequest<void>('/auth/logout', { method: 'POST' });
    },
    onSettled: forget,
  });
}
