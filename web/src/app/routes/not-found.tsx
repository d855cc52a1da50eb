import { Link } from '@/lib/router';
import { useTitle } from '../use-title';

export default function Component() {
  useTitle('Not found');
  return (
    <div className="page empty">
      <h1>Page not found</h1>
      <p>This address does not lead anywhere in Judix.</p>
      <Link to="/" className="button">
        Go to your tasks
      </Link>
    </div>
  );
}
