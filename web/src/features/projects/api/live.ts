// Applies the live stream's project events: the list is small, so it is read again.
import type { QueryClient } from '@tanstack/react-query';
import { projectKeys } from './projects';

export const PROJECT_EVENTS: ReadonlySet<string> = new Set([
  'project.created',
  'project.updated',
  'project.deleted',
]);

export function applyProjectEvent(queryClient: QueryClient, event: string): void {
  void queryClient.invalidateQueries({ queryKey: projectKeys.all });
  // A deleted project's tasks went to the Inbox or were deleted, which no task event reports.
  if (event === 'project.deleted') void queryClient.invalidateQueries({ queryKey: ['tasks'] });
}
