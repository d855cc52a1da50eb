import { useCallback, useMemo } from 'react';
import { useSearchParams } from '@/lib/router';
import { filtersFromSearchParams, filtersToSearchParams, type TaskFilters } from '../api/filters';

/** The filters in the URL, and a setter that pushes a history entry (or replaces, for typing). */
export function useTaskFilters() {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const filters = useMemo(() => filtersFromSearchParams(new URLSearchParams(search)), [search]);
  const update = useCallback(
    (changes: Partial<TaskFilters>, options: { replace?: boolean } = {}) => {
      setParams(
        (current) => filtersToSearchParams({ ...filtersFromSearchParams(current), ...changes }),
        { replace: options.replace ?? false },
      );
    },
    [setParams],
  );
  return [filters, update] as const;
}
