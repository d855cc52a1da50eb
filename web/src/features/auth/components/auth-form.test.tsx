import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { jsonResponse } from '@/testing/data';
import { safeReturnPath } from '@/lib/router';
import { SignUpPage } from './auth-form';

async function submitSignUp(password: string) {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <SignUpPage />
    </QueryClientProvider>,
  );
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('Name'), 'Ada');
  await user.type(screen.getByLabelText('Email'), 'ada@example.com');
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Create account' }));
}

describe('SignUpPage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the API’s errors[] next to the fields they name', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() =>
        Promise.resolve(
          jsonResponse(
            {
              status: 400,
              title: 'Invalid input',
              errors: [{ path: 'password', message: 'This password is too common' }],
            },
            400,
          ),
        ),
      ),
    );
    await submitSignUp('password');

    const password = screen.getByLabelText('Password');
    expect(await screen.findByText('This password is too common')).toBeTruthy();
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(password.getAttribute('aria-describedby')).toContain(
      screen.getByText('This password is too common').id,
    );
  });
});

describe('SignUpPage with an email that has an account', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('offers "Sign in instead" as a link', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse({ status: 409, title: 'Conflict' }, 409)),
    );
    await submitSignUp('analytical engine 1843');

    const link = await screen.findByRole('link', { name: 'Sign in instead' });
    expect(link.getAttribute('href')).toBe('/sign-in');
  });
});

describe('safeReturnPath', () => {
  it('returns only to paths inside the app', () => {
    expect(safeReturnPath('/dashboard?x=1')).toBe('/dashboard?x=1');
    expect(safeReturnPath('//evil.example')).toBe('/');
    expect(safeReturnPath('https://evil.example')).toBe('/');
    expect(safeReturnPath(null)).toBe('/');
  });
});
