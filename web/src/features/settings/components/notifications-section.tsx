import { useState } from 'react';

type Permission = NotificationPermission | 'unsupported';

const PERMISSION_LABELS: Record<Permission, string> = {
  granted: 'Allowed',
  denied: 'Blocked',
  default: 'Not asked yet',
  unsupported: 'Not supported by this browser',
};

const currentPermission = (): Permission =>
  typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;

/** Whether the browser may show reminders as notifications, and the one way to ask for it. */
export function NotificationsSection() {
  const [permission, setPermission] = useState(currentPermission);
  const [asking, setAsking] = useState(false);
  const ask = async () => {
    setAsking(true);
    try {
      setPermission(await Notification.requestPermission());
    } finally {
      setAsking(false);
    }
  };
  return (
    <section className="card" aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">Browser notifications</h2>
      <p>
        Reminders always show in Judix. Allowed to, your browser shows them as notifications too,
        also while Judix is in a tab in the background.
      </p>
      <p role="status">
        Notifications: <strong>{PERMISSION_LABELS[permission]}</strong>
      </p>
      {/* A browser asks only once; after a refusal, only its own site settings can change it. */}
      {permission === 'denied' && (
        <p className="muted">
          To allow them, change this site’s notification setting in your browser.
        </p>
      )}
      {permission === 'default' && (
        <div className="form-actions">
          <button type="button" className="button" disabled={asking} onClick={() => void ask()}>
            Allow notifications
          </button>
        </div>
      )}
    </section>
  );
}
