import { useProjects } from '@/features/projects/api/projects';
import { TaskBoard } from '@/features/tasks/components/task-board';
import { useTitle } from '../use-title';

export default function Component() {
  useTitle('Board');
  const projects = useProjects();
  return <TaskBoard projects={projects} />;
}
