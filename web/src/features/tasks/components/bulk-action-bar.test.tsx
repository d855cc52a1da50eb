import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BulkActionBar } from './bulk-action-bar';

function renderBar(count = 3, busy = false) {
  const actions = { onChange: vi.fn(), onDelete: vi.fn(), onClear: vi.fn() };
  render(<BulkActionBar count={count} busy={busy} {...actions} />);
  return { ...actions, user: userEvent.setup() };
}

const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;

describe('BulkActionBar', () => {
  it('is a labelled region that says how many tasks are selected', () => {
    renderBar(1);
    const region = screen.getByRole('region', { name: 'Bulk actions' });
    expect(region.textContent).toMatch(/1 task selected/);
  });

  it('sets the status and the priority of the selected tasks', async () => {
    const { onChange, user } = renderBar();
    await user.selectOptions(screen.getByLabelText('Set status'), 'done');
    expect(onChange).toHaveBeenCalledWith({ type: 'setStatus', status: 'done' });
    await user.selectOptions(screen.getByLabelText('Set priority'), 'high');
    expect(onChange).toHaveBeenCalledWith({ type: 'setPriority', priority: 'high' });
    expect((screen.getByLabelText('Set priority') as HTMLSelectElement).value).toBe('');
  });

  it('adds and removes a tag as the api stores it, and only once one is typed', async () => {
    const { onChange, user } = renderBar();
    expect(button('Add tag').disabled).toBe(true);
    await user.type(screen.getByLabelText('Tag to add or remove'), '#Work ');
    await user.click(button('Add tag'));
    expect(onChange).toHaveBeenCalledWith({ type: 'addTag', tag: 'work' });
    await user.click(button('Remove tag'));
    expect(onChange).toHaveBeenCalledWith({ type: 'removeTag', tag: 'work' });
  });

  it('sets a due date once one is chosen, and clears it', async () => {
    const { onChange, user } = renderBar();
    expect(button('Set due date').disabled).toBe(true);
    await user.type(screen.getByLabelText('Due date, in your time zone'), '2030-04-05T09:30');
    await user.click(button('Set due date'));
    expect(onChange).toHaveBeenCalledWith({
      type: 'setDue',
      dueAt: new Date('2030-04-05T09:30').toISOString(),
    });
    await user.click(screen.getByRole('button', { name: 'Clear due date' }));
    expect(onChange).toHaveBeenCalledWith({ type: 'setDue', dueAt: null });
  });

  it('deletes and clears the selection', async () => {
    const { onDelete, onClear } = renderBar();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Delete selected' }));
    expect(onDelete).toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Clear selection' }));
    expect(onClear).toHaveBeenCalled();
  });

  it('while a change is saved, then the other actions wait and clearing still works', async () => {
    const { onClear } = renderBar(2, true);
    expect((screen.getByLabelText('Set status') as HTMLSelectElement).disabled).toBe(true);
    expect(
      (screen.getByRole('button', { name: 'Delete selected' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Clear selection' }));
    expect(onClear).toHaveBeenCalled();
  });
});
