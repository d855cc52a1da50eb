import { TasksPage } from '@/features/tasks/components/tasks-page';
import { useTitle } from '../use-title';

export default function Component() {
  useTitle('Tasks');
  return <TasksPage />;
}
