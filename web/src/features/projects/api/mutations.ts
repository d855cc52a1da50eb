// Writes to projects, used by the project dialogs. Each one reads the list again when it settles:
// a move may renumber every position, and a delete changes which lists hold which tasks.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client';
import { projectKeys, type Project, type ProjectColor } from './projects';

export interface ProjectChanges {
  name?: string;
  color?: ProjectColor;
  archived?: boolean;
}

/** Where a project goes: right before or after another one. */
export type ProjectMove = { before: string } | { after: string };

/** What happens to a deleted project's tasks; the api takes no default, and neither does the app. */
export type DeletedTasks = 'move' | 'delete';

function useProjectMutation<Input, Output>(
  send: (input: Input) => Promise<Output>,
  alsoRefresh?: readonly string[],
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSettled: async () => {
      if (alsoRefresh) void queryClient.invalidateQueries({ queryKey: alsoRefresh });
      await queryClient.invalidateQueries({ queryKey: projectKeys.all });
    },
  });
}

export const useCreateProject = () =>
  useProjectMutation((input: { name: string; color: ProjectColor }) =>
    apiRequest<Project>('/projects', {
      method: 'POST',
      body: input,
      idempotencyKey: crypto.randomUUID(),
    }),
  );

export const useUpdateProject = () =>
  useProjectMutation(({ project, changes }: { project: Project; changes: ProjectChanges }) =>
    apiRequest<Project>(`/projects/${project.id}`, {
      method: 'PATCH',
      body: changes,
      headers: { 'If-Match': `"${project.version}"` },
    }),
  );

export const useMoveProject = () =>
  useProjectMutation(({ project, move }: { project: Project; move: ProjectMove }) =>
    apiRequest<Project>(`/projects/${project.id}/move`, { method: 'POST', body: move }),
  );

export const useDeleteProject = () =>
  useProjectMutation(
    ({ project, tasks }: { project: Project; tasks: DeletedTasks }) =>
      apiRequest<void>(`/projects/${project.id}?tasks=${tasks}`, { method: 'DELETE' }),
    // Its tasks moved to the Inbox or were deleted: every task list and count changes.
    ['tasks'],
  );
