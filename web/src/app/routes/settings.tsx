import { SettingsPage } from '@/features/settings/components/settings-page';
import { useTitle } from '../use-title';

export default function Component() {
  useTitle('Settings');
  return <SettingsPage />;
}
