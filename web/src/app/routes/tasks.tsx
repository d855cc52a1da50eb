import { useProjects } from '@/features/projects/api/projects';
import { TasksPage } from '@/features/tasks/components/tasks-page';
import { useTitle } from '../use-title';

/**
 * The board, its own chunk, loaded from this one: the board is built from the list's parts, and a
 * chunk only this one loads can use them from here, where a chunk loaded from elsewhere would take
 * them into a third one, which the first screen (this one) would load as well.
 */
export const loadBoard = () => import('./board');

export default function Component() {
  useTitle('Tasks');
  const projects = useProjects();
  return <TasksPage projects={projects} />;
}
