import { useState } from 'react';
import { fromLocalInputValue } from '@/lib/dates';
import type { BulkChange } from '../api/bulk';
import { TASK_LIMITS } from '../api/limits';
import {
  PRIORITIES,
  PRIORITY_LABELS,
  STATUS_LABELS,
  STATUSES,
  type Priority,
  type Status,
} from '../api/types';

interface BulkActionBarProps {
  count: number;
  /** While a change is being saved: the controls wait for it. */
  busy: boolean;
  onChange: (operation: BulkChange['operation']) => void;
  onDelete: () => void;
  onClear: () => void;
}

/** The actions for the selected tasks; shown while at least one task is selected. */
export function BulkActionBar({ count, busy, onChange, onDelete, onClear }: BulkActionBarProps) {
  const [tag, setTag] = useState('');
  const [due, setDue] = useState('');
  const cleanTag = tag.trim().toLowerCase();
  const dueAt = fromLocalInputValue(due);
  return (
    <section className="bulk-bar" aria-label="Bulk actions">
      <p className="bulk-count" aria-live="polite">
        {count === 1 ? '1 task selected' : `${count} tasks selected`}
      </p>
      <div className="bulk-field">
        <label htmlFor="bulk-status">Set status</label>
        <select
          id="bulk-status"
          value=""
          disabled={busy}
          onChange={(event) =>
            onChange({ type: 'setStatus', status: event.target.value as Status })
          }
        >
          <option value="" disabled>
            Choose…
          </option>
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </div>
      <div className="bulk-field">
        <label htmlFor="bulk-priority">Set priority</label>
        <select
          id="bulk-priority"
          value=""
          disabled={busy}
          onChange={(event) =>
            onChange({ type: 'setPriority', priority: event.target.value as Priority })
          }
        >
          <option value="" disabled>
            Choose…
          </option>
          {PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {PRIORITY_LABELS[priority]}
            </option>
          ))}
        </select>
      </div>
      <div className="bulk-field" role="group" aria-label="Tag">
        <label htmlFor="bulk-tag" className="sr-only">
          Tag to add or remove
        </label>
        <input
          id="bulk-tag"
          placeholder="#tag"
          value={tag}
          maxLength={TASK_LIMITS.tag}
          onChange={(event) => setTag(event.target.value.replace(/^#/, ''))}
        />
        <button
          type="button"
          className="button button-secondary"
          disabled={busy || cleanTag === ''}
          onClick={() => onChange({ type: 'addTag', tag: cleanTag })}
        >
          Add tag
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={busy || cleanTag === ''}
          onClick={() => onChange({ type: 'removeTag', tag: cleanTag })}
        >
          Remove tag
        </button>
      </div>
      <div className="bulk-field" role="group" aria-label="Due date">
        <label htmlFor="bulk-due" className="sr-only">
          Due date, in your time zone
        </label>
        <input
          id="bulk-due"
          type="datetime-local"
          value={due}
          onChange={(event) => setDue(event.target.value)}
        />
        <button
          type="button"
          className="button button-secondary"
          disabled={busy || dueAt === null}
          onClick={() => dueAt && onChange({ type: 'setDue', dueAt })}
        >
          Set due date
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={busy}
          onClick={() => onChange({ type: 'setDue', dueAt: null })}
        >
          Clear due date
        </button>
      </div>
      <button type="button" className="button button-danger" disabled={busy} onClick={onDelete}>
        Delete selected
      </button>
      <button type="button" className="button button-ghost" onClick={onClear}>
        Clear selection
      </button>
    </section>
  );
}
