import { DashboardPage } from '@/features/dashboard/components/dashboard-page';
import { useTitle } from '../use-title';

export default function Component() {
  useTitle('Dashboard');
  return <DashboardPage />;
}
