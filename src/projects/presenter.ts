import { inboxIdOf, type ProjectDocument } from './model';

export function presentProject(project: ProjectDocument) {
  return {
    id: project._id.toHexString(),
    name: project.name,
    color: project.color,
    position: project.rank,
    archived: project.archived,
    inbox: project._id.equals(inboxIdOf(project.owner)),
    createdAt: project.createdAt.toISOString(),
    updatedAt: project.updatedAt.toISOString(),
    version: project.version,
  };
}
export type ProjectView = ReturnType<typeof presentProject>;
