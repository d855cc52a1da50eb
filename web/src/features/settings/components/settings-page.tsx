import { useState, type FormEvent } from 'react';
import { useNavigate } from '@/lib/router';
import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/form-error';
import { ApiError } from '@/lib/api-client';
import type { Project } from '@/lib/api/types';
import { useSignOut, useUser } from '@/lib/auth';
import { useChangePassword, useRename } from '../api/account';
import { NotificationsSection } from './notifications-section';
import { SessionsSection } from './sessions-section';
import { TransferSection } from './transfer-section';

function NameForm({ initial }: { initial: string }) {
  const rename = useRename();
  const [name, setName] = useState(initial);
  const fieldErrors = rename.error instanceof ApiError ? rename.error.fieldErrors : {};
  return (
    <form
      className="form card"
      onSubmit={(event) => {
        event.preventDefault();
        rename.mutate(name.trim());
      }}
    >
      <h2>Your name</h2>
      <Field label="Name" error={fieldErrors.name}>
        <input
          value={name}
          maxLength={80}
          required
          onChange={(event) => setName(event.target.value)}
        />
      </Field>
      {!fieldErrors.name && <FormError error={rename.error} />}
      <div className="form-actions">
        <button type="submit" className="button" disabled={rename.isPending || !name.trim()}>
          Save name
        </button>
        {rename.isSuccess && <span role="status">Saved.</span>}
      </div>
    </form>
  );
}

export function PasswordForm({ email }: { email: string }) {
  const change = useChangePassword();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [localError, setLocalError] = useState<string>();
  const fieldErrors = change.error instanceof ApiError ? change.error.fieldErrors : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (newPassword.length < 8) {
      setLocalError('Use at least 8 characters.');
      return;
    }
    setLocalError(undefined);
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setCurrent('');
          setNew('');
        },
      },
    );
  };
  // The API names the current password `password` and answers "is wrong" for it.
  const currentError = fieldErrors.password
    ? 'The password is wrong.'
    : (fieldErrors.currentPassword ??
      (change.error instanceof ApiError && change.error.status === 401
        ? 'That is not your current password.'
        : undefined));
  return (
    <form className="form card" onSubmit={submit} noValidate>
      <h2>Password</h2>
      {/* Lets password managers file the new password under the right account. */}
      <input type="email" autoComplete="username" value={email} readOnly hidden />
      <Field label="Current password" error={currentError}>
        <input
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(event) => setCurrent(event.target.value)}
        />
      </Field>
      <Field
        label="New password"
        hint="8 to 128 characters"
        error={localError ?? fieldErrors.newPassword}
      >
        <input
          type="password"
          autoComplete="new-password"
          value={newPassword}
          onChange={(event) => setNew(event.target.value)}
        />
      </Field>
      {!currentError && !fieldErrors.newPassword && <FormError error={change.error} />}
      <div className="form-actions">
        <button type="submit" className="button" disabled={change.isPending}>
          Change password
        </button>
        {change.isSuccess && (
          <span role="status">Password changed. Your other sessions were signed out.</span>
        )}
      </div>
    </form>
  );
}

export function SettingsPage({ projects }: { projects: Project[] }) {
  const user = useUser().data;
  const signOut = useSignOut();
  const navigate = useNavigate();
  const leave = (everywhere: boolean) =>
    signOut.mutate(everywhere, { onSettled: () => navigate('/sign-in', { replace: true }) });

  if (!user) return null;
  return (
    <div className="page narrow">
      <h1 className="page-title">Settings</h1>
      <p className="muted">Signed in as {user.email}</p>
      <NameForm initial={user.name} />
      <PasswordForm email={user.email} />
      <TransferSection projects={projects} />
      <NotificationsSection />
      <SessionsSection onSignOut={() => leave(false)} onSignOutEverywhere={() => leave(true)} />
    </div>
  );
}
