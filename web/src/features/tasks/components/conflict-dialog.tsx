import { Dialog } from '@/components/ui/dialog';
import { dueLabel, fullDateTime } from '@/lib/dates';
import { setConflict, useConflict } from '../api/conflicts';
import { useUpdateTask } from '../api/mutations';
import { describeRecurrence } from '../api/recurrence';
import { PRIORITY_LABELS, STATUS_LABELS, type Task, type TaskChanges } from '../api/types';

const FIELD_LABELS: Record<keyof TaskChanges, string> = {
  title: 'Title',
  description: 'Description',
  status: 'Status',
  priority: 'Priority',
  dueDate: 'Due',
  tags: 'Tags',
  recurrence: 'Repeat',
  remindAt: 'Remind me',
  projectId: 'Project',
};

function display<K extends keyof TaskChanges>(field: K, value: Task[K]): string {
  if (field === 'status') return STATUS_LABELS[value as Task['status']];
  if (field === 'priority') return PRIORITY_LABELS[value as Task['priority']];
  if (field === 'dueDate')
    return value ? (dueLabel({ dueDate: value as string, status: '' })?.full ?? '') : 'None';
  if (field === 'remindAt') return value ? fullDateTime(value as string) : 'None';
  if (field === 'recurrence') {
    return value ? describeRecurrence(value as NonNullable<Task['recurrence']>) : 'Does not repeat';
  }
  if (field === 'tags') return (value as string[]).map((tag) => `#${tag}`).join(' ') || 'None';
  return (value as string) || '(empty)';
}

export function ConflictDialog() {
  const conflict = useConflict();
  const updateTask = useUpdateTask();
  const close = () => setConflict(null);
  const fields = conflict ? (Object.keys(conflict.mine) as Array<keyof TaskChanges>) : [];

  return (
    <Dialog
      open={conflict !== null}
      title="This task was changed elsewhere"
      description="Someone (perhaps you, in another tab) saved this task after you opened it. Choose which version to keep."
      onClose={close}
    >
      {conflict && (
        <>
          <table className="conflict-table">
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Your change</th>
                <th scope="col">Saved version</th>
              </tr>
            </thead>
            <tbody>
              {fields.map((field) => (
                <tr key={field}>
                  <th scope="row">{FIELD_LABELS[field]}</th>
                  <td>{display(field, conflict.mine[field] as Task[typeof field])}</td>
                  <td>{display(field, conflict.theirs[field])}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="dialog-actions">
            <button type="button" className="button button-secondary" onClick={close}>
              Take theirs
            </button>
            <button
              type="button"
              className="button"
              data-autofocus
              onClick={() => {
                updateTask.mutate({ task: conflict.theirs, changes: conflict.mine });
                close();
              }}
            >
              Keep mine
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
