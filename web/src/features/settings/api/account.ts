import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { authKeys, type User } from '@/lib/auth';

export function useRename() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      apiRequest<{ user: User }>('/users/me', { method: 'PATCH', body: { name } }),
    onSuccess: ({ user }) => queryClient.setQueryData(authKeys.user, user),
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) =>
      apiRequest<void>('/users/me/password', { method: 'POST', body: input }),
  });
}
