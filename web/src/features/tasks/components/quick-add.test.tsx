import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { resetApiClientForTests, setAccessToken } from '@/lib/api-client';
import { buildProject, buildTask, jsonResponse, problemFetch } from '@/testing/data';
import { QuickAdd } from './quick-add';

const inbox = buildProject({ name: 'Inbox', inbox: true });
const renovation = buildProject({ name: 'Home renovation' });

/** A fetch that answers every create with a new task; the test reads what was sent. */
function stubCreate() {
  const fetchMock = vi.fn(async (_url: string, _init: RequestInit) =>
    jsonResponse(buildTask(), 201),
  );
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function renderQuickAdd(defaultProjectId?: string) {
  const queryClient = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <QuickAdd projects={[inbox, renovation]} defaultProjectId={defaultProjectId} />
    </QueryClientProvider>,
  );
  return screen.getByLabelText<HTMLInputElement>('New task');
}

describe('QuickAdd', () => {
  beforeEach(() => {
    resetApiClientForTests();
    setAccessToken('token');
  });
  afterEach(() => vi.unstubAllGlobals());

  it('allows as many characters as the API does for a title', () => {
    expect(renderQuickAdd().maxLength).toBe(200);
  });

  it('when the API refuses the task, then the line comes back and the field message shows', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        problemFetch(400, {
          detail: 'The request has invalid fields.',
          errors: [{ path: 'title', message: 'must not be empty' }],
        }),
      ),
    );
    const input = renderQuickAdd();
    await userEvent.type(input, 'Write the report #work{Enter}');

    expect((await screen.findByRole('alert')).textContent).toBe('Title must not be empty.');
    expect(input.value).toBe('Write the report #work');
    expect(input.getAttribute('aria-invalid')).toBe('true');
  });

  it('when the line has only a tag and a priority, then Enter says a title is missing', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    const input = renderQuickAdd();
    await userEvent.type(input, '#tag !high{Enter}');

    expect(screen.getByRole('alert').textContent).toMatch(/Add a title too/);
    expect(input.value).toBe('#tag !high');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows the due date read from words before saving, and sends it', async () => {
    const fetchMock = stubCreate();
    const input = renderQuickAdd();
    await userEvent.type(input, 'Call Ada tomorrow 17:00 !high');

    const tomorrow = new Date();
    tomorrow.setDate(tomorrow.getDate() + 1);
    tomorrow.setHours(17, 0, 0, 0);
    const preview = screen.getByRole('list', { name: 'The task will get' });
    expect(preview.textContent).toMatch(/^Due .+High priority$/);
    await userEvent.keyboard('{Enter}');

    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    expect(JSON.parse(String(fetchMock.mock.calls[0]![1].body))).toEqual({
      title: 'Call Ada',
      priority: 'high',
      dueDate: tomorrow.toISOString(),
    });
    expect(input.value).toBe('');
  });

  it('shows a repeat rule read from words before saving, and sends it with its first due date', async () => {
    const fetchMock = stubCreate();
    const input = renderQuickAdd();
    await userEvent.type(input, 'Stretch every day');

    const today = new Date();
    today.setHours(0, 0, 0, 0);
    const preview = screen.getByRole('list', { name: 'The task will get' });
    expect(preview.textContent).toMatch(/^Due .+Every day$/);
    await userEvent.keyboard('{Enter}');

    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    expect(JSON.parse(String(fetchMock.mock.calls[0]![1].body))).toEqual({
      title: 'Stretch',
      dueDate: today.toISOString(),
      recurrence: {
        frequency: 'daily',
        interval: 1,
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        until: null,
        count: null,
      },
    });
  });

  it('when the line names a project with @, then its chip shows and the task is sent to it', async () => {
    const fetchMock = stubCreate();
    const input = renderQuickAdd(inbox.id);
    await userEvent.type(input, 'Paint the hall @home #diy');

    const preview = screen.getByRole('list', { name: 'The task will get' });
    expect(preview.textContent).toBe('In Home renovation#diy');
    await userEvent.keyboard('{Enter}');

    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    expect(JSON.parse(String(fetchMock.mock.calls[0]![1].body))).toEqual({
      title: 'Paint the hall',
      tags: ['diy'],
      projectId: renovation.id,
    });
  });

  it('when no project has the name, then a message shows while typing and Enter sends nothing', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    const input = renderQuickAdd();
    await userEvent.type(input, 'Paint the hall @garden');

    expect(screen.getByRole('alert').textContent).toBe(
      'No project is called @garden. Check the name, or create the project first.',
    );
    expect(input.getAttribute('aria-invalid')).toBe('true');
    await userEvent.keyboard('{Enter}');
    expect(fetchMock).not.toHaveBeenCalled();
    expect(input.value).toBe('Paint the hall @garden');
  });

  it('when the list shows a project, then a task without @ goes to that project', async () => {
    const fetchMock = stubCreate();
    const input = renderQuickAdd(renovation.id);
    await userEvent.type(input, 'Buy tiles{Enter}');

    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    expect(JSON.parse(String(fetchMock.mock.calls[0]![1].body))).toEqual({
      title: 'Buy tiles',
      projectId: renovation.id,
    });
  });
});
