import { useProjects } from '@/features/projects/api/projects';
import { TasksPage } from '@/features/tasks/components/tasks-page';
import { useTitle } from '../use-title';

export default function Component() {
  useTitle('Tasks');
  const projects = useProjects();
  return <TasksPage projects={projects} />;
}
