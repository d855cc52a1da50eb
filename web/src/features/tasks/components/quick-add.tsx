import { useEffect, useRef, useState } from 'react';
import { errorMessage, fieldErrorsMessage } from '@/components/ui/form-error';
import { useShortcut } from '@/hooks/use-shortcut';
import { dueDayLabel } from '@/lib/dates';
import { TASK_LIMITS } from '../api/limits';
import { useCreateTask } from '../api/mutations';
import {
  parseQuickAdd,
  quickAddProblem,
  takeProjectWord,
  type ProjectChoice,
} from '../api/quick-add';
import { describeRecurrence } from '../api/recurrence';
import { PRIORITY_LABELS } from '../api/types';

interface QuickAddProps {
  projects: readonly ProjectChoice[];
  /** Where a task goes without an "@project" word: the project the list shows, if any. */
  defaultProjectId?: string;
}

/** The line as a task to create, with what keeps it from being created, if anything. */
function readLine(line: string, projects: readonly ProjectChoice[], defaultProjectId?: string) {
  const word = takeProjectWord(line, projects);
  const task = parseQuickAdd(word.line);
  const projectId = word.project?.id ?? defaultProjectId;
  return {
    task: projectId ? { ...task, projectId } : task,
    project: word.project,
    projectProblem: word.problem,
    problem: word.problem ?? quickAddProblem(task),
  };
}

export function QuickAdd({ projects, defaultProjectId }: QuickAddProps) {
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const createTask = useCreateTask();
  useShortcut('n', () => input.current?.focus());
  useEffect(() => {
    if (window.location.hash !== '#new') return;
    input.current?.focus();
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}`);
  }, []);
  const { task: draft, project, projectProblem } = readLine(value, projects, defaultProjectId);
  // An unknown project shows while typing: the line would otherwise look fine until Enter.
  const shown = problem ?? projectProblem;

  return (
    <form
      className="quick-add"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const { task, problem: refused } = readLine(value, projects, defaultProjectId);
        setProblem(refused);
        if (refused) return;
        const line = value;
        // Cleared at once for the next task; a refused add brings the line back to fix it.
        setValue('');
        createTask.mutate(task, {
          onError: (error) => {
            setValue((current) => current || line);
            setProblem(fieldErrorsMessage(error) ?? errorMessage(error));
          },
        });
      }}
    >
      <div className="quick-add-row">
        <label htmlFor="quick-add" className="sr-only">
          New task
        </label>
        <input
          id="quick-add"
          ref={input}
          value={value}
          maxLength={TASK_LIMITS.title}
          autoComplete="off"
          placeholder="Add a task — @project, #tag, !high, tomorrow 17:00 … then Enter"
          aria-invalid={shown ? true : undefined}
          aria-describedby={shown ? 'quick-add-problem quick-add-hint' : 'quick-add-hint'}
          onChange={(event) => {
            setValue(event.target.value);
            setProblem(null);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              setValue('');
              setProblem(null);
              event.currentTarget.blur();
            }
          }}
        />
        <button type="submit" className="button" disabled={!value.trim()}>
          Add
        </button>
      </div>
      {shown && (
        <p id="quick-add-problem" className="field-error" role="alert">
          {shown}
        </p>
      )}
      {(project || draft.dueDate || draft.tags || draft.priority || draft.recurrence) && (
        <ul className="quick-add-preview" aria-label="The task will get">
          {project && <li className="token token-project">In {project.name}</li>}
          {draft.dueDate && <li className="token token-due">Due {dueDayLabel(draft.dueDate)}</li>}
          {draft.recurrence && (
            <li className="token token-due">{describeRecurrence(draft.recurrence)}</li>
          )}
          {draft.priority && <li className="token">{PRIORITY_LABELS[draft.priority]} priority</li>}
          {draft.tags?.map((tag) => (
            <li key={tag} className="token">
              #{tag}
            </li>
          ))}
        </ul>
      )}
      {!shown && /(^|\s)@/.test(value) && (
        <p className="hint">
          @ and the start of a project&apos;s name; _ stands for a space (@home_renovation).
        </p>
      )}
      <p id="quick-add-hint" className="sr-only">
        @ and the start of a project's name puts the task in that project, with _ for a space
        (@home_renovation); words starting with # become tags; !high, !medium or !low set the
        priority; today, tomorrow, a weekday, next week, in 3 days or a time such as 17:00 set the
        due date; every day, every weekday, every monday, every 2 weeks, every month or every year
        make it repeat. Press n to come here.
      </p>
    </form>
  );
}
