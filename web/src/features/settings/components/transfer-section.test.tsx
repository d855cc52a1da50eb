import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { resetApiClientForTests, setAccessToken } from '@/lib/api-client';
import type { ImportResult, Project } from '@/lib/api/types';
import { buildProject, jsonResponse } from '@/testing/data';
import { IMPORT_LIMIT_BYTES } from '../api/transfer';
import { TransferSection } from './transfer-section';

function buildResult(overrides: Partial<ImportResult> = {}): ImportResult {
  return {
    format: 'judix-csv',
    dryRun: true,
    imported: 3,
    skipped: 0,
    rejectedCount: 0,
    rejected: [],
    preview: [
      {
        title: 'Buy milk',
        status: 'todo',
        priority: 'medium',
        dueDate: null,
        tags: ['shopping', 'home'],
        repeats: false,
      },
      {
        title: 'Water plants',
        status: 'todo',
        priority: 'low',
        dueDate: '2026-12-07T09:00:00.000Z',
        tags: [],
        repeats: true,
      },
    ],
    ...overrides,
  };
}

const csvFile = () => new File(['title\r\nBuy milk\r\n'], 'tasks.csv', { type: 'text/csv' });

type Call = { url: string; init: RequestInit };

function renderSection(
  fetch: (url: string, init: RequestInit) => Promise<Response>,
  projects: Project[] = [],
) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string, init: RequestInit) => {
      calls.push({ url, init });
      return fetch(url, init);
    }),
  );
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <TransferSection projects={projects} />
    </QueryClientProvider>,
  );
  return { calls, queryClient };
}

const headersOf = (call: Call) => call.init.headers as Record<string, string>;
const imports = (calls: Call[]) => calls.filter((call) => !call.url.includes('dryRun'));

describe('TransferSection', () => {
  beforeEach(() => {
    resetApiClientForTests();
    setAccessToken('token');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('when a file is chosen, then a dry run shows the count, the first tasks and the rejected rows', async () => {
    const { calls } = renderSection(async () =>
      jsonResponse(
        buildResult({
          rejectedCount: 3,
          rejected: [
            { line: 4, errors: [{ path: 'status', message: 'must be todo, in_progress or done' }] },
            {
              line: 6,
              errors: [
                { path: 'title', message: 'is required' },
                { path: 'due_date', message: 'must be a date' },
              ],
            },
          ],
        }),
      ),
    );
    await userEvent.setup().upload(screen.getByLabelText('File to import'), csvFile());

    const tasks = await screen.findByRole('list', { name: 'Tasks to import' });
    const rows = within(tasks).getAllByRole('listitem');
    expect(rows[0]!.textContent).toBe('Buy milk #shopping #home');
    expect(rows[1]!.textContent).toContain('Water plants · due');
    expect(rows[1]!.textContent).toContain('· repeats');
    expect(screen.getByText(/Judix CSV file: 3 tasks to import, 3 rejected/)).toBeTruthy();

    const rejected = within(screen.getByRole('list', { name: 'Rejected rows' })).getAllByRole(
      'listitem',
    );
    expect(rejected.map((row) => row.textContent)).toEqual([
      'Line 4: status must be todo, in_progress or done',
      'Line 6: title is required; due_date must be a date',
    ]);
    expect(screen.getByText('and 1 more.')).toBeTruthy();

    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('/api/v1/tasks/import?dryRun=true');
    expect(headersOf(calls[0]!)['Content-Type']).toBe('text/csv');
    expect(headersOf(calls[0]!)['Idempotency-Key']).toBeUndefined();
    expect(calls[0]!.init.body).toBeInstanceOf(File);
  });

  it('when the import is confirmed, then it sends atomic and one key for every attempt, and the tasks refresh', async () => {
    const randomUUID = vi.spyOn(crypto, 'randomUUID');
    randomUUID.mockReturnValueOnce('00000000-0000-4000-8000-000000000001');
    let attempts = 0;
    const { calls, queryClient } = renderSection(async (url) => {
      if (url.includes('dryRun')) return jsonResponse(buildResult());
      attempts += 1;
      // The first answer is lost on the way: the retry must carry the same key.
      if (attempts === 1) throw new TypeError('Failed to fetch');
      return jsonResponse(buildResult({ dryRun: false }));
    });
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    const user = userEvent.setup();
    await user.upload(screen.getByLabelText('File to import'), csvFile());
    await user.click(await screen.findByLabelText('Import nothing if any row is invalid'));
    await user.click(screen.getByRole('button', { name: 'Import 3 tasks' }));
    expect((await screen.findByRole('alert')).textContent).toContain('cannot be reached');
    await user.click(screen.getByRole('button', { name: 'Import 3 tasks' }));

    expect(
      (await screen.findAllByRole('status')).some((s) => s.textContent === 'Imported 3 tasks.'),
    ).toBe(true);
    expect(imports(calls).map((call) => call.url)).toEqual([
      '/api/v1/tasks/import?atomic=true',
      '/api/v1/tasks/import?atomic=true',
    ]);
    expect(imports(calls).map((call) => headersOf(call)['Idempotency-Key'])).toEqual([
      '"00000000-0000-4000-8000-000000000001"',
      '"00000000-0000-4000-8000-000000000001"',
    ]);
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ['tasks'] });
    expect(screen.queryByRole('button', { name: /^Import/ })).toBeNull();
  });

  it('when an atomic import is refused, then each row’s errors show, and the next try gets a new key', async () => {
    const randomUUID = vi.spyOn(crypto, 'randomUUID');
    randomUUID
      .mockReturnValueOnce('00000000-0000-4000-8000-000000000001')
      .mockReturnValueOnce('00000000-0000-4000-8000-000000000002');
    const { calls } = renderSection(async (url) => {
      if (url.includes('dryRun')) return jsonResponse(buildResult({ rejectedCount: 1 }));
      if (url.includes('atomic')) {
        return jsonResponse(
          {
            status: 422,
            type: 'urn:judix:problem:import-rejected',
            title: 'Import rejected',
            detail: '1 row is invalid; nothing was imported.',
            errors: [{ path: '4.status', message: 'must be todo, in_progress or done' }],
          },
          422,
        );
      }
      return jsonResponse(buildResult({ dryRun: false, rejectedCount: 1 }));
    });
    const user = userEvent.setup();
    await user.upload(screen.getByLabelText('File to import'), csvFile());
    const atomic = await screen.findByLabelText('Import nothing if any row is invalid');
    await user.click(atomic);
    await user.click(screen.getByRole('button', { name: 'Import 3 tasks' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('1 row is invalid; nothing was imported.');
    expect(within(alert).getByRole('listitem').textContent).toBe(
      'Line 4, status: must be todo, in_progress or done',
    );

    await user.click(atomic);
    await user.click(screen.getByRole('button', { name: 'Import 3 tasks' }));
    await screen.findByText('Imported 3 tasks.');
    expect(imports(calls).map((call) => headersOf(call)['Idempotency-Key'])).toEqual([
      '"00000000-0000-4000-8000-000000000001"',
      '"00000000-0000-4000-8000-000000000002"',
    ]);
  });

  it('when the file is over 5 MB, then it says so and sends nothing', async () => {
    const { calls } = renderSection(async () => jsonResponse(buildResult()));
    const big = new File([new Uint8Array(IMPORT_LIMIT_BYTES + 1)], 'big.json', {
      type: 'application/json',
    });
    const input = screen.getByLabelText('File to import');
    await userEvent.setup().upload(input, big);

    expect(screen.getByText(/larger than 5 MB, the most an import takes/)).toBeTruthy();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(calls).toHaveLength(0);
  });

  it('when the file cannot be read, then the problem and its lines show', async () => {
    renderSection(async () =>
      jsonResponse(
        {
          status: 400,
          type: 'urn:judix:problem:malformed-csv',
          title: 'Malformed CSV',
          detail: 'The CSV could not be read.',
          errors: [{ path: 'line 3', message: 'a quoted field is not closed' }],
        },
        400,
      ),
    );
    await userEvent.setup().upload(screen.getByLabelText('File to import'), csvFile());

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The CSV could not be read.');
    expect(within(alert).getByRole('listitem').textContent).toBe(
      'line 3: a quoted field is not closed',
    );
    expect(screen.queryByRole('button', { name: /^Import/ })).toBeNull();
  });

  it('when the preview finds nothing to import, then the import button is disabled', async () => {
    renderSection(async () =>
      jsonResponse(buildResult({ imported: 0, preview: [], rejectedCount: 0 })),
    );
    await userEvent.setup().upload(screen.getByLabelText('File to import'), csvFile());
    const button = await screen.findByRole('button', { name: 'Import 0 tasks' });
    expect((button as HTMLButtonElement).disabled).toBe(true);
  });

  it('when the CSV is downloaded, then it is fetched with the token and saved under the server’s name', async () => {
    // jsdom has no object URLs; this file's module scope is its own, so they go with it.
    Object.assign(URL, { createObjectURL: () => 'blob:export', revokeObjectURL: () => {} });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const { calls } = renderSection(
      async () =>
        new Response('title\r\n', {
          headers: {
            'Content-Type': 'text/csv; charset=utf-8',
            'Content-Disposition': 'attachment; filename="judix-tasks-2026-12-02.csv"',
          },
        }),
    );
    await userEvent.setup().click(screen.getByRole('button', { name: 'Download CSV' }));

    expect(await screen.findByText('Saved judix-tasks-2026-12-02.csv.')).toBeTruthy();
    expect(calls[0]!.url).toBe('/api/v1/tasks/export?format=csv');
    expect(headersOf(calls[0]!).Authorization).toBe('Bearer token');
    const link = click.mock.instances[0] as unknown as HTMLAnchorElement;
    expect(link.download).toBe('judix-tasks-2026-12-02.csv');
    expect(link.href).toBe('blob:export');
  });

  it('when a project is chosen, then only its tasks are exported', async () => {
    Object.assign(URL, { createObjectURL: () => 'blob:export', revokeObjectURL: () => {} });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const work = buildProject({ name: 'Work' });
    const { calls } = renderSection(
      async () => new Response('[]', { headers: { 'Content-Type': 'application/json' } }),
      [buildProject({ name: 'Inbox', inbox: true }), work],
    );
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Tasks to export'), 'Work');
    await user.click(screen.getByRole('button', { name: 'Download JSON' }));

    await screen.findByText(/^Saved /);
    expect(calls[0]!.url).toBe(`/api/v1/tasks/export?format=json&project=${work.id}`);
  });
});
