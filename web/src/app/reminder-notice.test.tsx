import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { Toaster } from '@/components/ui/toast';
import { buildTask } from '@/testing/data';
import { announceReminder } from './reminder-notice';

/** A stand-in for the browser's Notification that records what was shown. */
function stubNotification(permission: NotificationPermission) {
  const shown: Array<{ title: string; options: NotificationOptions | undefined }> = [];
  class FakeNotification {
    static permission = permission;
    onclick: (() => void) | null = null;
    constructor(title: string, options?: NotificationOptions) {
      shown.push({ title, options });
    }
  }
  vi.stubGlobal('Notification', FakeNotification);
  return shown;
}

describe('announceReminder', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('when notifications are allowed, then the browser shows one, tagged by task', () => {
    const shown = stubNotification('granted');
    const task = buildTask({ title: 'Call the bank' });
    render(<Toaster />);
    act(() => announceReminder(task));

    expect(screen.getByRole('status').textContent).toContain('Reminder: Call the bank');
    expect(shown).toEqual([
      { title: 'Reminder', options: { body: 'Call the bank', tag: `judix-reminder-${task.id}` } },
    ]);
  });

  it.each(['default', 'denied'] as const)(
    'when the permission is %s, then only the notice in the page shows',
    (permission) => {
      const shown = stubNotification(permission);
      render(<Toaster />);
      act(() => announceReminder(buildTask({ title: `Water plants (${permission})` })));

      expect(screen.getByText(`Reminder: Water plants (${permission})`)).toBeTruthy();
      expect(shown).toEqual([]);
    },
  );

  it('when the browser has no notifications, then the notice still shows', () => {
    vi.stubGlobal('Notification', undefined);
    render(<Toaster />);
    act(() => announceReminder(buildTask({ title: 'Pay rent' })));
    expect(screen.getByText('Reminder: Pay rent')).toBeTruthy();
  });

  it('the notice can be dismissed, and goes by itself after ten seconds', () => {
    vi.useFakeTimers();
    stubNotification('default');
    render(<Toaster />);
    act(() => announceReminder(buildTask({ title: 'First' })));
    act(() => announceReminder(buildTask({ title: 'Second' })));
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss “Reminder: First”' }));
    expect(screen.queryByText('Reminder: First')).toBeNull();

    act(() => vi.advanceTimersByTime(9_000));
    expect(screen.getByText('Reminder: Second')).toBeTruthy();
    act(() => vi.advanceTimersByTime(1_000));
    expect(screen.queryByText('Reminder: Second')).toBeNull();
  });
});
