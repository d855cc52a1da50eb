import { useProjects } from '@/features/projects/api/projects';
import { TasksPage } from '@/features/tasks/components/tasks-page';
import { useTitle } from '../use-title';

/**
 * The board's chunk, loaded from this chunk rather than from the router: the board reuses the
 * list's parts, and a chunk that only this one loads takes them from here. Loaded from the router,
 * the shared parts would move into a third chunk, which the first screen (this one) would load too.
 */
export const loadBoard = () => import('./board');

export default function Component() {
  useTitle('Tasks');
  const projects = useProjects();
  return <TasksPage projects={projects} />;
}
