// The project navigation: every task, the Inbox, the user's projects in their order, and the
// archived ones folded away. A choice is `?project=` on the current screen, so the task list and
// the dashboard follow it, a reload keeps it and Back undoes it. The dialogs that change projects
// are their own chunk, loaded when first opened.
import { lazy, Suspense, useState } from 'react';
import { Link, useLocation } from '@/lib/router';
import { useProjects, type Project } from '../api/projects';
import type { DialogMode } from './projects-dialog';

const ProjectsDialog = lazy(() => import('./projects-dialog'));

export function ProjectNav() {
  const projects = useProjects();
  const { pathname, search } = useLocation();
  const selected = new URLSearchParams(search).get('project') ?? '';
  const [dialog, setDialog] = useState<DialogMode | null>(null);
  const hrefFor = (id: string) => {
    const params = new URLSearchParams(search);
    if (id) params.set('project', id);
    else params.delete('project');
    const query = params.toString();
    return query ? `${pathname}?${query}` : pathname;
  };
  const item = (project: Project) => (
    <li key={project.id}>
      <Link to={hrefFor(project.id)} aria-current={project.id === selected ? 'page' : undefined}>
        <span className="project-dot" data-color={project.color} aria-hidden="true" />
        {project.name}
      </Link>
    </li>
  );
  const inbox = projects.filter((project) => project.inbox);
  const others = projects.filter((project) => !project.inbox && !project.archived);
  const archived = projects.filter((project) => project.archived);

  return (
    <nav aria-label="Projects" className="project-nav">
      <ul>
        <li>
          <Link to={hrefFor('')} aria-current={selected ? undefined : 'page'}>
            All projects
          </Link>
        </li>
        {inbox.map(item)}
      </ul>
      <div className="project-nav-head">
        <h2>Projects</h2>
        <button
          type="button"
          className="icon-button"
          aria-label="New project"
          onClick={() => setDialog('create')}
        >
          +
        </button>
      </div>
      <ul>{others.map(item)}</ul>
      {archived.length > 0 && (
        <details open={archived.some((project) => project.id === selected) || undefined}>
          <summary>Archived ({archived.length})</summary>
          <ul>{archived.map(item)}</ul>
        </details>
      )}
      <button type="button" className="button button-ghost" onClick={() => setDialog('manage')}>
        Manage projects
      </button>
      {dialog && (
        <Suspense fallback={null}>
          <ProjectsDialog mode={dialog} projects={projects} onClose={() => setDialog(null)} />
        </Suspense>
      )}
    </nav>
  );
}
