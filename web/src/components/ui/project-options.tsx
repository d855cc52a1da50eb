import type { Project } from '@/lib/api/types';

/** The options of a project select, one per project by id; an archived one says so. */
export function ProjectOptions({ projects }: { projects: readonly Project[] }) {
  return projects.map((project) => (
    <option key={project.id} value={project.id}>
      {project.archived ? `${project.name} (archived)` : project.name}
    </option>
  ));
}
