import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { resetApiClientForTests, setAccessToken } from '@/lib/api-client';
import { problemFetch } from '@/testing/data';
import { PasswordForm } from './settings-page';

describe('PasswordForm', () => {
  beforeEach(() => {
    resetApiClientForTests();
    setAccessToken('token');
  });
  afterEach(() => vi.unstubAllGlobals());

  it('when the current password is wrong, then the message sits under that field', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        problemFetch(400, {
          detail: 'The password is wrong.',
          errors: [{ path: 'password', message: 'is wrong' }],
        }),
      ),
    );
    render(
      <QueryClientProvider client={new QueryClient()}>
        <PasswordForm email="ada@example.com" />
      </QueryClientProvider>,
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Current password'), 'not my password');
    await user.type(screen.getByLabelText('New password'), 'a brand new password');
    await user.click(screen.getByRole('button', { name: 'Change password' }));

    const current = screen.getByLabelText('Current password');
    const message = await screen.findByText('The password is wrong.');
    expect(current.getAttribute('aria-invalid')).toBe('true');
    expect(current.getAttribute('aria-describedby')).toContain(message.id);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
