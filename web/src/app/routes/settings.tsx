import { useProjects } from '@/features/projects/api/projects';
import { SettingsPage } from '@/features/settings/components/settings-page';
import { useTitle } from '../use-title';

export default function Component() {
  useTitle('Settings');
  const projects = useProjects();
  return <SettingsPage projects={projects} />;
}
