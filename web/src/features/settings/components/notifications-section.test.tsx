import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { NotificationsSection } from './notifications-section';

function stubNotification(permission: NotificationPermission, answer?: NotificationPermission) {
  const requestPermission = vi.fn(async () => answer ?? permission);
  vi.stubGlobal('Notification', { permission, requestPermission });
  return requestPermission;
}

const status = () => screen.getByRole('status').textContent;
const allowButton = () => screen.queryByRole('button', { name: 'Allow notifications' });

describe('NotificationsSection', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('when not asked yet, then Allow notifications asks the browser and shows its answer', async () => {
    const requestPermission = stubNotification('default', 'granted');
    render(<NotificationsSection />);
    expect(screen.getByRole('heading', { name: 'Browser notifications' })).toBeTruthy();
    expect(status()).toBe('Notifications: Not asked yet');
    await userEvent.click(allowButton()!);

    expect(requestPermission).toHaveBeenCalledOnce();
    expect(status()).toBe('Notifications: Allowed');
    expect(allowButton()).toBeNull();
  });

  it('when they were refused, then it says so and how to change it, without asking again', () => {
    stubNotification('denied');
    render(<NotificationsSection />);
    expect(status()).toBe('Notifications: Blocked');
    expect(screen.getByText(/change this site’s notification setting/)).toBeTruthy();
    expect(allowButton()).toBeNull();
  });

  it('when the browser has no notifications, then it says so', () => {
    vi.stubGlobal('Notification', undefined);
    render(<NotificationsSection />);
    expect(status()).toBe('Notifications: Not supported by this browser');
    expect(allowButton()).toBeNull();
  });
});
