import { useId, useState } from 'react';
import { Options } from '@/components/ui/options';
import { fromLocalInputValue } from '@/lib/dates';
import type { BulkChange } from '../api/bulk';
import { PRIORITY_LABELS, STATUS_LABELS, type Priority, type Status } from '../api/types';
import { TagInput } from './tag-input';

interface BulkActionBarProps {
  count: number;
  /** While a change is being saved: the controls wait for it. */
  busy: boolean;
  onChange: (operation: BulkChange['operation']) => void;
  onDelete: () => void;
  onClear: () => void;
}

interface ChoiceProps<T extends string> {
  label: string;
  /** The label of each value, in the order offered. */
  labels: Record<T, string>;
  disabled: boolean;
  onPick: (value: T) => void;
}

function BarButton(props: { label: string; disabled: boolean; onClick: () => void }) {
  return (
    <button
      type="button"
      className="button button-secondary"
      disabled={props.disabled}
      onClick={props.onClick}
    >
      {props.label}
    </button>
  );
}

/** A select that acts as soon as a value is picked, then shows its prompt again. */
function Choice<T extends string>({ label, labels, disabled, onPick }: ChoiceProps<T>) {
  const id = useId();
  return (
    <div className="bulk-field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value=""
        disabled={disabled}
        onChange={(event) => onPick(event.target.value as T)}
      >
        <option value="" disabled>
          Choose…
        </option>
        <Options values={Object.keys(labels) as T[]} labels={labels} />
      </select>
    </div>
  );
}

/** The actions for the selected tasks; shown while at least one task is selected. */
export function BulkActionBar({ count, busy, onChange, onDelete, onClear }: BulkActionBarProps) {
  const [tag, setTag] = useState('');
  const [due, setDue] = useState('');
  const setStatus = (status: Status) => onChange({ type: 'setStatus', status });
  const setPriority = (priority: Priority) => onChange({ type: 'setPriority', priority });
  const cleanTag = tag.trim().toLowerCase();
  const noTag = cleanTag === '';
  const addTag = () => onChange({ type: 'addTag', tag: cleanTag });
  const removeTag = () => onChange({ type: 'removeTag', tag: cleanTag });
  const dueAt = fromLocalInputValue(due);
  const setDueDate = () => dueAt && onChange({ type: 'setDue', dueAt });
  const clearDueDate = () => onChange({ type: 'setDue', dueAt: null });
  return (
    <section className="bulk-bar" aria-label="Bulk actions">
      <p className="bulk-count" aria-live="polite">
        {count === 1 ? '1 task selected' : `${count} tasks selected`}
      </p>
      <Choice label="Set status" labels={STATUS_LABELS} disabled={busy} onPick={setStatus} />
      <Choice label="Set priority" labels={PRIORITY_LABELS} disabled={busy} onPick={setPriority} />
      <div className="bulk-field" role="group" aria-label="Tag">
        <TagInput id="bulk-tag" label="Tag to add or remove" value={tag} onChange={setTag} />
        <BarButton label="Add tag" disabled={busy || noTag} onClick={addTag} />
        <BarButton label="Remove tag" disabled={busy || noTag} onClick={removeTag} />
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
        <BarButton label="Set due date" disabled={busy || dueAt === null} onClick={setDueDate} />
        <BarButton label="Clear due date" disabled={busy} onClick={clearDueDate} />
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
