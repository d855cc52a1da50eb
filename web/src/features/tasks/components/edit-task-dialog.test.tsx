import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { resetApiClientForTests, setAccessToken } from '@/lib/api-client';
import { fullDateTime } from '@/lib/dates';
import { buildProject, buildTask, jsonResponse } from '@/testing/data';
import type { Project, Task } from '../api/types';
import { EditTaskDialog } from './edit-task-dialog';

const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
// Tuesday 10 November 2026, 09:00 local time: the second Tuesday of its month.
const dueDate = new Date(2026, 10, 10, 9, 0).toISOString();

function renderDialog(task: Task, projects: Project[] = []) {
  const fetchMock = vi.fn(async (_url: string, _init: RequestInit) => jsonResponse(task));
  vi.stubGlobal('fetch', fetchMock);
  const onClose = vi.fn();
  const queryClient = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <EditTaskDialog task={task} projects={projects} onClose={onClose} />
    </QueryClientProvider>,
  );
  const sentBody = async () => {
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    return JSON.parse(String(fetchMock.mock.calls[0]![1].body)) as unknown;
  };
  return { fetchMock, onClose, sentBody, dialog: screen.getByRole('dialog') };
}

beforeEach(() => {
  resetApiClientForTests();
  setAccessToken('token');
});
afterEach(() => vi.unstubAllGlobals());

const save = () => userEvent.click(screen.getByRole('button', { name: 'Save' }));

describe('EditTaskDialog repeat controls', () => {
  it('sends a weekly rule on the chosen days, every 2 weeks, in the browser time zone', async () => {
    const { sentBody } = renderDialog(buildTask({ dueDate }));
    await userEvent.selectOptions(screen.getByLabelText('Repeat'), 'weekly');
    const days = screen.getByRole('group', { name: 'On' });
    const tuesday = within(days).getByRole('button', { name: 'Tuesday' });
    expect(tuesday.getAttribute('aria-pressed')).toBe('true');
    await userEvent.click(within(days).getByRole('button', { name: 'Friday' }));
    const interval = screen.getByLabelText('Every how many weeks');
    await userEvent.clear(interval);
    await userEvent.type(interval, '2');
    await save();

    expect(await sentBody()).toEqual({
      recurrence: {
        frequency: 'weekly',
        interval: 2,
        timeZone,
        until: null,
        count: null,
        weekdays: ['tu', 'fr'],
      },
    });
  });

  it('sends a monthly rule on the nth weekday of the due date, ending after a number of times', async () => {
    const { sentBody } = renderDialog(buildTask({ dueDate }));
    await userEvent.selectOptions(screen.getByLabelText('Repeat'), 'monthly');
    await userEvent.selectOptions(
      screen.getByLabelText('On'),
      screen.getByRole('option', { name: 'On the second Tuesday' }),
    );
    await userEvent.selectOptions(screen.getByLabelText('Ends'), 'count');
    await userEvent.type(screen.getByLabelText('Times left'), '3');
    await save();

    expect(await sentBody()).toEqual({
      recurrence: {
        frequency: 'monthly',
        interval: 1,
        timeZone,
        until: null,
        count: 3,
        on: { week: 2, weekday: 'tu' },
      },
    });
  });

  it('sends an end date as the end of that local day', async () => {
    const { sentBody } = renderDialog(buildTask({ dueDate }));
    await userEvent.selectOptions(screen.getByLabelText('Repeat'), 'weekdays');
    await userEvent.selectOptions(screen.getByLabelText('Ends'), 'until');
    await userEvent.type(screen.getByLabelText('Last day'), '2026-12-31');
    await save();

    expect(await sentBody()).toEqual({
      recurrence: {
        frequency: 'weekly',
        interval: 1,
        timeZone,
        until: new Date(2026, 11, 31, 23, 59, 59, 999).toISOString(),
        count: null,
        weekdays: ['mo', 'tu', 'we', 'th', 'fr'],
      },
    });
  });

  it('when a repeat is chosen without a due date, then it says so and sends nothing', async () => {
    const { fetchMock, onClose } = renderDialog(buildTask());
    await userEvent.selectOptions(screen.getByLabelText('Repeat'), 'daily');
    expect(screen.getByLabelText('Repeat').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/A repeating task needs a due date/)).toBeTruthy();
    await save();

    expect(onClose).not.toHaveBeenCalled();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows the rule a task has, and clears it with null', async () => {
    const task = buildTask({
      dueDate,
      recurrence: { frequency: 'daily', interval: 3, timeZone: 'UTC', until: null, count: 5 },
    });
    const { sentBody } = renderDialog(task);
    expect(screen.getByLabelText<HTMLSelectElement>('Repeat').value).toBe('daily');
    expect(screen.getByLabelText<HTMLInputElement>('Every how many days').value).toBe('3');
    expect(screen.getByLabelText<HTMLInputElement>('Times left').value).toBe('5');
    await userEvent.selectOptions(screen.getByLabelText('Repeat'), 'none');
    await save();

    expect(await sentBody()).toEqual({ recurrence: null });
  });

  it('when the repeat controls are not touched, then the rule is not sent', async () => {
    // Weekly without days (as "every week" makes it) repeats on the due date's weekday.
    const task = buildTask({
      dueDate,
      recurrence: {
        frequency: 'weekly',
        interval: 1,
        timeZone: 'Asia/Tokyo',
        until: null,
        count: null,
      },
    });
    const { sentBody } = renderDialog(task);
    const days = screen.getByRole('group', { name: 'On' });
    const pressed = within(days)
      .getAllByRole('button')
      .filter((day) => day.getAttribute('aria-pressed') === 'true');
    expect(pressed.map((day) => day.textContent)).toEqual(['Tue']);
    await userEvent.type(screen.getByLabelText('Title'), '!');
    await save();

    expect(await sentBody()).toEqual({ title: `${task.title}!` });
  });
});

describe('EditTaskDialog reminder', () => {
  const remindField = () => screen.getByLabelText<HTMLInputElement>('Remind me');

  it('sends the local date and time, to the second, as the instant it names', async () => {
    const { sentBody } = renderDialog(buildTask());
    expect(remindField().step).toBe('1');
    fireEvent.change(remindField(), { target: { value: '2026-12-03T17:00:05' } });
    await save();

    expect(await sentBody()).toEqual({
      remindAt: new Date(2026, 11, 3, 17, 0, 5).toISOString(),
    });
  });

  it('when the reminder is cleared, then it sends null', async () => {
    const { sentBody } = renderDialog(
      buildTask({ remindAt: new Date(2026, 11, 3, 17, 0).toISOString() }),
    );
    expect(remindField().value).toBe('2026-12-03T17:00');
    await userEvent.click(screen.getByRole('button', { name: 'No reminder' }));
    await save();

    expect(await sentBody()).toEqual({ remindAt: null });
  });

  it('when the reminder is not touched, then it is not sent, and one that fired says when', async () => {
    // To the millisecond, which the input cannot show: compared as instants it would differ.
    const remindAt = new Date(2026, 11, 3, 17, 0, 0, 250).toISOString();
    const remindedAt = new Date(2026, 11, 3, 17, 0, 1).toISOString();
    const task = buildTask({ remindAt, remindedAt });
    const { sentBody } = renderDialog(task);
    expect(remindField().getAttribute('aria-describedby')).toBeTruthy();
    expect(screen.getByText(`Reminded ${fullDateTime(remindedAt)}`)).toBeTruthy();
    await userEvent.type(screen.getByLabelText('Title'), '!');
    await save();

    expect(await sentBody()).toEqual({ title: `${task.title}!` });
  });

  it('when the date and time are not whole, then it says so and sends nothing', async () => {
    const task = buildTask({ remindAt: new Date(2026, 11, 3, 17, 0).toISOString() });
    const { fetchMock, onClose } = renderDialog(task);
    // What a browser reports for a half-typed date: no value, and bad input.
    Object.defineProperty(remindField(), 'validity', { value: { badInput: true } });
    fireEvent.change(remindField(), { target: { value: '' } });
    await save();

    expect(remindField().getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Enter a whole date and time, or clear the reminder.')).toBeTruthy();
    expect(onClose).not.toHaveBeenCalled();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('EditTaskDialog project', () => {
  it('moves the task to the chosen project; archived ones are offered only as its own', async () => {
    const inbox = buildProject({ name: 'Inbox', inbox: true });
    const work = buildProject({ name: 'Work' });
    const old = buildProject({ name: 'Old', archived: true });
    const { sentBody } = renderDialog(buildTask({ projectId: inbox.id }), [inbox, work, old]);
    const select = screen.getByLabelText<HTMLSelectElement>('Project');
    expect([...select.options].map((option) => option.text)).toEqual(['Inbox', 'Work']);
    await userEvent.selectOptions(select, 'Work');
    await save();

    expect(await sentBody()).toEqual({ projectId: work.id });
  });
});
