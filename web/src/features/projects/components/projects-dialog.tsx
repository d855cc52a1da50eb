// Creating, renaming, recolouring, ordering, archiving and deleting projects, in one dialog that
// is loaded on demand. An api refusal shows its own message next to the field it is about, and
// the form keeps what was typed.
import { useState, type FormEvent } from 'react';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { errorMessage } from '@/components/ui/form-error';
import { Options } from '@/components/ui/options';
import { ApiError } from '@/lib/api-client';
import { LIMITS } from '@/lib/api/types';
import { useSearchParams } from '@/lib/router';
import {
  useCreateProject,
  useDeleteProject,
  useMoveProject,
  useUpdateProject,
  type DeletedTasks,
} from '../api/mutations';
import type { Project, ProjectColor } from '../api/projects';

export type DialogMode = 'create' | 'manage';

// Every colour of the api's palette, by name: a colour missing here is a type error.
const COLOR_LABELS: Record<ProjectColor, string> = {
  grey: 'Grey',
  red: 'Red',
  orange: 'Orange',
  yellow: 'Yellow',
  green: 'Green',
  teal: 'Teal',
  blue: 'Blue',
  violet: 'Violet',
  pink: 'Pink',
};
const COLORS = Object.keys(COLOR_LABELS) as ProjectColor[];

/** The api's message for a refused name: its field message when it gives one. */
function nameError(error: unknown): string | undefined {
  if (!error) return undefined;
  if (error instanceof ApiError && error.status === 412) {
    return 'This project was changed elsewhere; it now shows the saved version. Save again to apply your change.';
  }
  return (error instanceof ApiError && error.fieldErrors.name) || errorMessage(error);
}

interface ProjectsDialogProps {
  mode: DialogMode;
  projects: Project[];
  onClose: () => void;
}

export default function ProjectsDialog({ mode, projects, onClose }: ProjectsDialogProps) {
  const [deleting, setDeleting] = useState<Project | null>(null);
  if (deleting) {
    return (
      <Dialog open title={`Delete “${deleting.name}”`} onClose={() => setDeleting(null)}>
        <DeleteForm
          project={deleting}
          inbox={projects.find((project) => project.inbox)}
          onDone={() => setDeleting(null)}
        />
      </Dialog>
    );
  }
  return (
    <Dialog open title={mode === 'create' ? 'New project' : 'Projects'} onClose={onClose}>
      <ProjectForm onDone={mode === 'create' ? onClose : undefined} />
      {mode === 'manage' && <ProjectList projects={projects} onDelete={setDeleting} />}
    </Dialog>
  );
}

/** Creates a project, or changes the name and colour of the one given. */
function ProjectForm({ project, onDone }: { project?: Project; onDone?: () => void }) {
  const create = useCreateProject();
  const update = useUpdateProject();
  const [name, setName] = useState(project?.name ?? '');
  const [color, setColor] = useState<ProjectColor>(project?.color ?? 'grey');
  const [empty, setEmpty] = useState(false);
  const saving = project ? update : create;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    setEmpty(trimmed === '');
    if (!trimmed) return;
    const done = {
      onSuccess: () => {
        if (!project) setName('');
        onDone?.();
      },
    };
    if (project) update.mutate({ project, changes: { name: trimmed, color } }, done);
    else create.mutate({ name: trimmed, color }, done);
  };

  return (
    <form className="form project-form" onSubmit={submit} noValidate>
      <div className="form-row align-end">
        <Field
          label={project ? 'Name' : 'New project name'}
          error={empty ? 'Give the project a name.' : nameError(saving.error)}
        >
          <input
            data-autofocus={project ? undefined : true}
            // A row's form opens inside the open dialog, which has already placed the focus.
            autoFocus={project !== undefined}
            value={name}
            maxLength={LIMITS.projectName}
            required
            onChange={(event) => {
              setName(event.target.value);
              setEmpty(false);
              saving.reset();
            }}
          />
        </Field>
        <Field label="Colour">
          <select value={color} onChange={(event) => setColor(event.target.value as ProjectColor)}>
            <Options values={COLORS} labels={COLOR_LABELS} />
          </select>
        </Field>
      </div>
      <div className="dialog-actions">
        {project && (
          <button type="button" className="button button-ghost" onClick={onDone}>
            Cancel
          </button>
        )}
        <button type="submit" className="button" disabled={saving.isPending}>
          {project ? 'Save' : 'Add project'}
        </button>
      </div>
    </form>
  );
}

function ProjectList({
  projects,
  onDelete,
}: {
  projects: Project[];
  onDelete: (project: Project) => void;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const update = useUpdateProject();
  const move = useMoveProject();
  // The Inbox is always listed first in the navigation, so only the others are ordered here.
  const ordered = projects.filter((project) => !project.inbox);
  const failed = update.error ?? move.error;

  return (
    <>
      {failed && (
        <p className="form-error" role="alert">
          {errorMessage(failed)}
        </p>
      )}
      <ul className="project-list" aria-label="Your projects">
        {projects.map((project) => {
          const index = ordered.indexOf(project);
          const before = ordered[index - 1];
          const after = ordered[index + 1];
          if (editing === project.id) {
            return (
              <li key={project.id}>
                <ProjectForm project={project} onDone={() => setEditing(null)} />
              </li>
            );
          }
          return (
            <li key={project.id} className="project-row">
              <span className="project-dot" data-color={project.color} aria-hidden="true" />
              <span className="project-name">
                {project.name}
                {project.archived && <span className="muted"> (archived)</span>}
              </span>
              <span className="project-actions">
                <RowButton label="Edit" project={project} run={() => setEditing(project.id)} />
                {!project.inbox && (
                  <>
                    <RowButton
                      label="Move up"
                      project={project}
                      disabled={!before || move.isPending}
                      run={() => before && move.mutate({ project, move: { before: before.id } })}
                    />
                    <RowButton
                      label="Move down"
                      project={project}
                      disabled={!after || move.isPending}
                      run={() => after && move.mutate({ project, move: { after: after.id } })}
                    />
                    <RowButton
                      label={project.archived ? 'Restore' : 'Archive'}
                      project={project}
                      run={() =>
                        update.mutate({ project, changes: { archived: !project.archived } })
                      }
                    />
                    <RowButton label="Delete" project={project} run={() => onDelete(project)} />
                  </>
                )}
              </span>
            </li>
          );
        })}
      </ul>
    </>
  );
}

function RowButton({
  label,
  project,
  run,
  disabled,
}: {
  label: string;
  project: Project;
  run: () => void;
  disabled?: boolean;
}) {
  return (
    <button
      type="button"
      className="button button-ghost button-small"
      aria-label={`${label} ${project.name}`}
      disabled={disabled}
      onClick={run}
    >
      {label}
    </button>
  );
}

/** Deleting asks what becomes of the tasks, with nothing chosen beforehand. */
function DeleteForm({
  project,
  inbox,
  onDone,
}: {
  project: Project;
  inbox: Project | undefined;
  onDone: () => void;
}) {
  const remove = useDeleteProject();
  const [, setParams] = useSearchParams();
  const [tasks, setTasks] = useState<DeletedTasks | null>(null);
  const [unchosen, setUnchosen] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setUnchosen(tasks === null);
    if (!tasks) return;
    remove.mutate(
      { project, tasks },
      {
        onSuccess: () => {
          // A list scoped to the deleted project would show nothing: its tasks are elsewhere now.
          setParams(
            (current) => {
              if (current.get('project') !== project.id) return current;
              if (tasks === 'move' && inbox) current.set('project', inbox.id);
              else current.delete('project');
              return current;
            },
            { replace: true },
          );
          onDone();
        },
      },
    );
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <fieldset
        className="choice-group"
        aria-describedby={unchosen ? 'delete-unchosen' : undefined}
      >
        <legend>What happens to its tasks?</legend>
        <label>
          <input
            type="radio"
            name="tasks"
            data-autofocus
            checked={tasks === 'move'}
            onChange={() => setTasks('move')}
          />{' '}
          Move them to {inbox?.name ?? 'the Inbox'}
        </label>
        <label>
          <input
            type="radio"
            name="tasks"
            checked={tasks === 'delete'}
            onChange={() => setTasks('delete')}
          />{' '}
          Delete them with the project
        </label>
      </fieldset>
      {unchosen && (
        <p id="delete-unchosen" className="field-error">
          Choose what happens to its tasks.
        </p>
      )}
      {remove.error && (
        <p className="form-error" role="alert">
          {errorMessage(remove.error)}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button button-ghost" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button button-danger" disabled={remove.isPending}>
          Delete project
        </button>
      </div>
    </form>
  );
}
