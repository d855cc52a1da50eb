import { useRef, useState, type FormEvent } from 'react';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { ProjectOptions } from '@/components/ui/project-options';
import { Options } from '@/components/ui/options';
import { fromLocalInputValue, fullDateTime, toLocalInputValue } from '@/lib/dates';
import { TASK_LIMITS } from '../api/limits';
import { useUpdateTask } from '../api/mutations';
import { draftFromRule, ruleFromDraft, sameRule } from '../api/repeat-draft';
import {
  PRIORITIES,
  PRIORITY_LABELS,
  STATUS_LABELS,
  STATUSES,
  type Priority,
  type Project,
  type Status,
  type Task,
  type TaskChanges,
} from '../api/types';
import { parseTags, validateTask } from '../api/validation';
import { RepeatFields } from './repeat-fields';

interface EditTaskDialogProps {
  task: Task | null;
  /** Every project; the select offers those that take tasks, and the task's own. */
  projects: Project[];
  onClose: () => void;
}

export function EditTaskDialog({ task, projects, onClose }: EditTaskDialogProps) {
  return (
    <Dialog open={task !== null} title="Edit task" onClose={onClose}>
      {task && <EditTaskForm key={task.id} task={task} projects={projects} onDone={onClose} />}
    </Dialog>
  );
}

type Touched = 'recurrence' | 'remindAt';

/**
 * Only the fields that differ, so a save never overwrites what it did not touch. The repeat rule
 * counts as untouched until a repeat control changes: rebuilt, it would carry this browser's time
 * zone instead of the one it was made in. The reminder is sent only when its input no longer holds
 * what it opened with: compared as instants, one set to the millisecond (which the input cannot
 * show) would always differ, and every save would re-arm a reminder that has fired.
 */
function changedFields(
  task: Task,
  next: Omit<Required<TaskChanges>, Touched> & Pick<TaskChanges, Touched>,
): TaskChanges {
  const changes: TaskChanges = {};
  if (next.title !== task.title) changes.title = next.title;
  if (next.description !== task.description) changes.description = next.description;
  if (next.status !== task.status) changes.status = next.status;
  if (next.priority !== task.priority) changes.priority = next.priority;
  if (next.dueDate !== task.dueDate) changes.dueDate = next.dueDate;
  if (next.tags.join(',') !== task.tags.join(',')) changes.tags = next.tags;
  if (next.projectId !== task.projectId) changes.projectId = next.projectId;
  if (next.recurrence !== undefined && !sameRule(next.recurrence, task.recurrence)) {
    changes.recurrence = next.recurrence;
  }
  if (next.remindAt !== undefined) changes.remindAt = next.remindAt;
  return changes;
}

function EditTaskForm({
  task,
  projects,
  onDone,
}: {
  task: Task;
  projects: Project[];
  onDone: () => void;
}) {
  const updateTask = useUpdateTask();
  const [title, setTitle] = useState(task.title);
  const [description, setDescription] = useState(task.description);
  const [status, setStatus] = useState<Status>(task.status);
  const [priority, setPriority] = useState<Priority>(task.priority);
  const [due, setDue] = useState(toLocalInputValue(task.dueDate));
  const [tags, setTags] = useState(task.tags.join(', '));
  const [projectId, setProjectId] = useState(task.projectId);
  // An archived project takes no tasks, but the task may already be in one.
  const choices = projects.filter((project) => !project.archived || project.id === task.projectId);
  const [repeat, setRepeat] = useState(() =>
    draftFromRule(task.recurrence, task.dueDate ? new Date(task.dueDate) : null),
  );
  const [repeatTouched, setRepeatTouched] = useState(false);
  const [remind, setRemind] = useState(toLocalInputValue(task.remindAt));
  const remindInput = useRef<HTMLInputElement>(null);
  const remindTouched = remind !== toLocalInputValue(task.remindAt);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const dueDate = fromLocalInputValue(due);
  // The api refuses a repeating task without a due date, so this shows as soon as it is true.
  const repeatError =
    repeat.kind !== 'none' && !dueDate
      ? 'A repeating task needs a due date: set one, or choose “Does not repeat”.'
      : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const rule = repeatTouched ? ruleFromDraft(repeat) : null;
    const remindAt = fromLocalInputValue(remind);
    // A half-typed date reads as empty, and must not be taken for removing the reminder.
    const remindInvalid =
      remindInput.current?.validity.badInput === true || (remind !== '' && remindAt === null);
    const next = {
      title: title.trim(),
      description,
      status,
      priority,
      dueDate,
      tags: parseTags(tags),
      projectId,
      ...(rule && { recurrence: rule.rule }),
      ...(remindTouched && { remindAt }),
    };
    const problems = {
      ...validateTask(next),
      ...rule?.errors,
      ...(remindInvalid && { remindAt: 'Enter a whole date and time, or clear the reminder.' }),
    };
    setErrors(problems);
    if (Object.keys(problems).length > 0 || repeatError) return;
    const changes = changedFields(task, next);
    if (Object.keys(changes).length > 0) updateTask.mutate({ task, changes });
    onDone();
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <Field label="Title" error={errors.title}>
        <input
          data-autofocus
          value={title}
          maxLength={TASK_LIMITS.title}
          required
          onChange={(event) => setTitle(event.target.value)}
        />
      </Field>
      <Field label="Description" error={errors.description}>
        <textarea
          rows={4}
          value={description}
          maxLength={TASK_LIMITS.description}
          onChange={(event) => setDescription(event.target.value)}
        />
      </Field>
      {choices.length > 0 && (
        <Field label="Project">
          <select value={projectId} onChange={(event) => setProjectId(event.target.value)}>
            <ProjectOptions projects={choices} />
          </select>
        </Field>
      )}
      <div className="form-row">
        <Field label="Status">
          <select value={status} onChange={(event) => setStatus(event.target.value as Status)}>
            <Options values={STATUSES} labels={STATUS_LABELS} />
          </select>
        </Field>
        <Field label="Priority">
          <select
            value={priority}
            onChange={(event) => setPriority(event.target.value as Priority)}
          >
            <Options values={PRIORITIES} labels={PRIORITY_LABELS} />
          </select>
        </Field>
      </div>
      <div className="form-row align-end">
        <Field label="Due" hint="In your time zone">
          <input
            type="datetime-local"
            value={due}
            onChange={(event) => setDue(event.target.value)}
          />
        </Field>
        {due && (
          <button type="button" className="button button-ghost" onClick={() => setDue('')}>
            No due date
          </button>
        )}
      </div>
      <RepeatFields
        draft={repeat}
        due={dueDate ? new Date(dueDate) : null}
        errors={repeatError ? { ...errors, repeat: repeatError } : errors}
        onChange={(draft) => {
          setRepeat(draft);
          setRepeatTouched(true);
        }}
      />
      <div className="form-row align-end">
        <Field
          label="Remind me"
          hint={
            task.remindedAt && !remindTouched
              ? `Reminded ${fullDateTime(task.remindedAt)}`
              : 'In your time zone'
          }
          error={errors.remindAt}
        >
          <input
            ref={remindInput}
            type="datetime-local"
            step={1}
            value={remind}
            onChange={(event) => setRemind(event.target.value)}
          />
        </Field>
        {remind && (
          <button type="button" className="button button-ghost" onClick={() => setRemind('')}>
            No reminder
          </button>
        )}
      </div>
      <Field label="Tags" hint="Separated by commas or spaces" error={errors.tags}>
        <input value={tags} onChange={(event) => setTags(event.target.value)} />
      </Field>
      <div className="dialog-actions">
        <button type="button" className="button button-ghost" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button">
          Save
        </button>
      </div>
    </form>
  );
}
