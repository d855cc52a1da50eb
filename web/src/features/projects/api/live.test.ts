import { describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { buildProject } from '@/testing/data';
import { applyProjectEvent } from './live';
import { projectKeys } from './projects';

function setup() {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity } },
  });
  queryClient.setQueryData(projectKeys.all, [buildProject({ inbox: true })]);
  queryClient.setQueryData(['tasks', 'list', {}], { pages: [], pageParams: [] });
  const stale = (key: readonly unknown[]) => queryClient.getQueryState(key)!.isInvalidated;
  return { queryClient, stale };
}

describe('applyProjectEvent', () => {
  it('when a project is created or changed elsewhere, then the projects are read again', () => {
    const { queryClient, stale } = setup();
    applyProjectEvent(queryClient, 'project.updated');

    expect(stale(projectKeys.all)).toBe(true);
    expect(stale(['tasks', 'list', {}])).toBe(false);
  });

  it('when a project is deleted elsewhere, then the task lists are read again too', () => {
    const { queryClient, stale } = setup();
    applyProjectEvent(queryClient, 'project.deleted');

    expect(stale(projectKeys.all)).toBe(true);
    expect(stale(['tasks', 'list', {}])).toBe(true);
  });
});
