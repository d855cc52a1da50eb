import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { resetApiClientForTests, setAccessToken } from '@/lib/api-client';
import { buildProject, jsonResponse } from '@/testing/data';
import { projectKeys } from '../api/projects';
import { ProjectNav } from './project-nav';

const inbox = buildProject({ name: 'Inbox', inbox: true, position: 1 });
const work = buildProject({ name: 'Work', color: 'blue', position: 2 });
const home = buildProject({ name: 'Home', color: 'green', position: 3 });
const old = buildProject({ name: 'Old stuff', archived: true, position: 4 });
// As the api lists them: by position, wherever the Inbox was moved to.
const projects = [work, inbox, home, old];

function renderNav(answer: (url: string, init: RequestInit) => Response = () => jsonResponse({})) {
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => answer(url, init));
  vi.stubGlobal('fetch', fetchMock);
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } },
  });
  queryClient.setQueryData(projectKeys.all, projects);
  render(
    <QueryClientProvider client={queryClient}>
      <ProjectNav />
    </QueryClientProvider>,
  );
  const writes = () =>
    fetchMock.mock.calls
      .filter(([, init]) => init.method && init.method !== 'GET')
      .map(([url, init]) => ({ url, method: init.method, body: init.body }));
  return { writes };
}

const nav = () => screen.getByRole('navigation', { name: 'Projects' });
const openManager = async () => {
  await userEvent.click(screen.getByRole('button', { name: 'Manage projects' }));
  return screen.findByRole('dialog', { name: 'Projects' });
};

describe('ProjectNav', () => {
  beforeEach(() => {
    resetApiClientForTests();
    setAccessToken('token');
    window.history.replaceState(null, '', '/?q=paint');
  });
  afterEach(() => vi.unstubAllGlobals());

  it('lists every task, the Inbox, the projects in order, and the archived ones folded away', () => {
    renderNav();
    const names = within(nav())
      .getAllByRole('link')
      .map((link) => link.textContent);
    expect(names).toEqual(['All projects', 'Inbox', 'Work', 'Home', 'Old stuff']);
    expect(within(nav()).getByText('Archived (1)').closest('details')?.open).toBe(false);
    expect(
      within(nav()).getByRole('link', { name: 'All projects' }).getAttribute('aria-current'),
    ).toBe('page');
  });

  it('when a project is chosen, then it goes into the URL beside the other filters', async () => {
    renderNav();
    await userEvent.click(within(nav()).getByRole('link', { name: 'Work' }));

    expect(window.location.search).toBe(`?q=paint&project=${work.id}`);
    expect(within(nav()).getByRole('link', { name: 'Work' }).getAttribute('aria-current')).toBe(
      'page',
    );
    expect(within(nav()).getByRole('link', { name: 'All projects' }).getAttribute('href')).toBe(
      '/?q=paint',
    );
  });

  it('when a name is taken, then the api message shows under the field and the name stays', async () => {
    renderNav(() =>
      jsonResponse(
        {
          status: 409,
          type: 'urn:judix:problem:project-name-taken',
          detail: 'You have a project of that name already.',
          errors: [{ path: 'name', message: 'is taken by another of your projects' }],
        },
        409,
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: 'New project' }));
    const name = await screen.findByLabelText('New project name');
    await userEvent.type(name, 'work{Enter}');

    const message = await screen.findByText('Is taken by another of your projects');
    expect(name.getAttribute('aria-describedby')).toContain(message.id);
    expect((name as HTMLInputElement).value).toBe('work');
  });

  it('when a project moves down, then it goes after the next one; the Inbox is not ordered', async () => {
    const { writes } = renderNav((_url, init) =>
      jsonResponse(init.method === 'POST' ? { ...work, position: 4 } : { data: projects }),
    );
    const dialog = await openManager();
    expect(within(dialog).queryByRole('button', { name: 'Move up Inbox' })).toBeNull();
    expect(
      within(dialog).getByRole<HTMLButtonElement>('button', { name: 'Move up Work' }).disabled,
    ).toBe(true);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Move down Work' }));

    await waitFor(() => expect(writes()).toHaveLength(1));
    expect(writes()[0]).toEqual({
      url: `/api/v1/projects/${work.id}/move`,
      method: 'POST',
      body: JSON.stringify({ after: home.id }),
    });
  });

  it('when a project is deleted, then nothing happens until its tasks are given a fate', async () => {
    window.history.replaceState(null, '', `/?project=${work.id}`);
    const { writes } = renderNav((_url, init) =>
      init.method === 'DELETE' ? new Response(null, { status: 204 }) : jsonResponse({ data: [] }),
    );
    const manager = await openManager();
    await userEvent.click(within(manager).getByRole('button', { name: 'Delete Work' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete “Work”' });
    const move = within(dialog).getByRole<HTMLInputElement>('radio', {
      name: 'Move them to Inbox',
    });
    const remove = within(dialog).getByRole<HTMLInputElement>('radio', {
      name: 'Delete them with the project',
    });
    expect([move.checked, remove.checked]).toEqual([false, false]);

    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete project' }));
    expect(within(dialog).getByText('Choose what happens to its tasks.')).toBeTruthy();
    expect(writes()).toEqual([]);

    await userEvent.click(move);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete project' }));
    await waitFor(() => expect(window.location.search).toBe(`?project=${inbox.id}`));
    expect(writes()).toEqual([
      { url: `/api/v1/projects/${work.id}?tasks=move`, method: 'DELETE', body: undefined },
    ]);
  });
});
