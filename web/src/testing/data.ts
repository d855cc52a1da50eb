import type { Project, Task } from '@/lib/api/types';

let sequence = 0;

/** A task as the API returns it, with overrides. */
export function buildTask(overrides: Partial<Task> = {}): Task {
  sequence += 1;
  const id = sequence.toString(16).padStart(24, '0');
  return {
    id,
    title: `Task ${sequence}`,
    description: '',
    status: 'todo',
    priority: 'medium',
    dueDate: null,
    tags: [],
    recurrence: null,
    createdAt: '2026-01-01T10:00:00.000Z',
    updatedAt: '2026-01-01T10:00:00.000Z',
    completedAt: null,
    remindAt: null,
    remindedAt: null,
    projectId: 'f'.repeat(24),
    rank: sequence,
    version: 1,
    ...overrides,
  };
}

/** A project as the API returns it, with overrides; the id follows the same sequence as tasks. */
export function buildProject(overrides: Partial<Project> = {}): Project {
  sequence += 1;
  return {
    id: sequence.toString(16).padStart(24, '0'),
    name: `Project ${sequence}`,
    color: 'grey',
    position: sequence,
    archived: false,
    inbox: false,
    createdAt: '2026-01-01T10:00:00.000Z',
    updatedAt: '2026-01-01T10:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json',
    },
  });
}

/** A fetch that answers every call with this problem (application/problem+json). */
export function problemFetch(status: number, problem: Record<string, unknown>) {
  return async () => jsonResponse({ status, ...problem }, status);
}
