import { errors } from '../platform/errors';
import { PROBLEM_KINDS } from './problem-types';

describe('problem kinds', () => {
  it('when any platform error is raised, then its status and type are listed for the document', () => {
    for (const [name, factory] of Object.entries(errors)) {
      const error = (factory as (...args: unknown[]) => { status: number; id: string })([], 1);
      const kind = (PROBLEM_KINDS as Record<number, { ids: readonly string[] }>)[error.status];
      expect({ name, listed: kind?.ids.includes(error.id) }).toEqual({ name, listed: true });
    }
  });
});
