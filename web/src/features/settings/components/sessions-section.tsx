import { useQuery } from '@tanstack/react-query';
import { FormError } from '@/components/ui/form-error';
import { Spinner } from '@/components/ui/spinner';
import type { DeviceSession } from '@/lib/api/types';
import { timeAgoLabel } from '@/lib/dates';
import { sessionsQueryOptions, useRevokeSession } from '../api/sessions';

interface Props {
  /** Signs this device out (the usual logout, which also clears the refresh cookie). */
  onSignOut: () => void;
  onSignOutEverywhere: () => void;
}

const fullTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

function SessionItem({
  session,
  pending,
  onSignOut,
}: {
  session: DeviceSession;
  pending: boolean;
  onSignOut: () => void;
}) {
  return (
    <li className="session-item">
      <div className="session-details">
        <span className="session-device">
          {session.device}
          {session.current && <span className="session-badge">This device</span>}
        </span>
        <span className="muted">
          Last used{' '}
          <time dateTime={session.lastUsedAt} title={fullTime.format(new Date(session.lastUsedAt))}>
            {timeAgoLabel(session.lastUsedAt)}
          </time>
          {session.address && ` · ${session.address}`}
        </span>
      </div>
      <button
        type="button"
        className="button button-secondary"
        onClick={onSignOut}
        disabled={pending}
        // The visible "Sign out" starts the name, which says which device it signs out.
        aria-label={session.current ? undefined : `Sign out ${session.device}`}
      >
        Sign out
      </button>
    </li>
  );
}

export function SessionsSection({ onSignOut, onSignOutEverywhere }: Props) {
  const sessions = useQuery(sessionsQueryOptions());
  const revoke = useRevokeSession();
  return (
    <section className="card" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Sessions</h2>
      <p>The devices where you are signed in. Sign out any of them, or all at once.</p>
      {sessions.isPending && <Spinner label="Loading sessions…" />}
      {sessions.isError && <FormError error={sessions.error} />}
      {sessions.isSuccess && (
        <ul className="session-list">
          {sessions.data.map((session) => (
            <SessionItem
              key={session.id}
              session={session}
              pending={revoke.isPending && revoke.variables === session.id}
              onSignOut={session.current ? onSignOut : () => revoke.mutate(session.id)}
            />
          ))}
        </ul>
      )}
      <FormError error={revoke.error} />
      <div className="form-actions">
        {sessions.isError && (
          <button type="button" className="button button-secondary" onClick={onSignOut}>
            Sign out
          </button>
        )}
        <button type="button" className="button button-danger" onClick={onSignOutEverywhere}>
          Sign out everywhere
        </button>
      </div>
    </section>
  );
}
