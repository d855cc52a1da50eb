import { useEffect, useRef, useState } from 'react';
import { useShortcut } from '@/hooks/use-shortcut';
import { useDebouncedCallback } from '@/hooks/use-debounced-callback';
import { Options } from '@/components/ui/options';
import { DEFAULT_SORT, NO_FILTERS, type TaskFilters } from '../api/filters';
import {
  PRIORITIES,
  PRIORITY_LABELS,
  SORT_LABELS,
  SORTS,
  STATUS_LABELS,
  STATUSES,
  type Sort,
} from '../api/types';
import { TagInput } from './tag-input';

interface ToolbarProps {
  filters: TaskFilters;
  /** On the board the columns are the statuses and the order is the board's own: those go. */
  board?: boolean;
  onChange: (changes: Partial<TaskFilters>, options?: { replace?: boolean }) => void;
}

function toggle<T>(list: T[], value: T): T[] {
  return list.includes(value) ? list.filter((item) => item !== value) : [...list, value];
}

/** Text that follows the URL (Back, links) but is only written to it once typing pauses. */
function useDebouncedText(urlValue: string, write: (value: string) => void) {
  const [text, setText] = useState(urlValue);
  const debounced = useDebouncedCallback(write, 250);
  const lastWritten = useRef(urlValue);
  useEffect(() => {
    if (urlValue !== lastWritten.current) {
      lastWritten.current = urlValue;
      debounced.cancel();
      setText(urlValue);
    }
  }, [urlValue, debounced]);
  const change = (value: string) => {
    setText(value);
    debounced((lastWritten.current = value.trim()));
  };
  return [text, change] as const;
}

export function TaskToolbar({ filters, board = false, onChange }: ToolbarProps) {
  const search = useRef<HTMLInputElement>(null);
  // Only small screens fold the filters; CSS shows them regardless on wide ones.
  const [unfolded, setUnfolded] = useState(false);
  useShortcut('/', () => search.current?.focus());
  const [q, setQ] = useDebouncedText(filters.q, (value) =>
    onChange({ q: value }, { replace: true }),
  );
  const [tag, setTag] = useDebouncedText(filters.tag, (value) =>
    onChange({ tag: value.toLowerCase() }, { replace: true }),
  );
  const active =
    filters.priority.length +
    Number(filters.overdue) +
    Number(filters.tag !== '') +
    (board
      ? 0
      : filters.status.length + Number(filters.showDone) + Number(filters.sort !== DEFAULT_SORT));

  return (
    <section className="toolbar" aria-label="Search and filters">
      <div className="toolbar-row">
        <div className="search">
          <label htmlFor="task-search" className="sr-only">
            Search tasks
          </label>
          <input
            id="task-search"
            ref={search}
            type="search"
            placeholder="Search"
            aria-keyshortcuts="/"
            value={q}
            onChange={(event) => setQ(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setQ('');
            }}
          />
          <kbd className="shortcut-hint" aria-hidden="true">
            /
          </kbd>
        </div>
        <button
          type="button"
          className="button button-secondary filters-toggle"
          aria-expanded={unfolded}
          aria-controls="task-filters"
          onClick={() => setUnfolded(!unfolded)}
        >
          Filters{active > 0 ? ` (${active})` : ''}
        </button>
      </div>
      <div id="task-filters" className="toolbar-row chips" data-unfolded={unfolded || undefined}>
        {!board && (
          <div className="sort">
            <label htmlFor="task-sort">Sort</label>
            <select
              id="task-sort"
              value={filters.sort}
              onChange={(event) => onChange({ sort: event.target.value as Sort })}
            >
              <Options values={SORTS} labels={SORT_LABELS} />
            </select>
          </div>
        )}
        {!board && (
          <div role="group" aria-label="Status" className="chip-group">
            {STATUSES.map((status) => (
              <button
                key={status}
                type="button"
                className="chip"
                aria-pressed={filters.status.includes(status)}
                onClick={() => onChange({ status: toggle(filters.status, status) })}
              >
                {STATUS_LABELS[status]}
              </button>
            ))}
          </div>
        )}
        <div role="group" aria-label="Priority" className="chip-group">
          {PRIORITIES.map((priority) => (
            <button
              key={priority}
              type="button"
              className={`chip chip-${priority}`}
              aria-pressed={filters.priority.includes(priority)}
              onClick={() => onChange({ priority: toggle(filters.priority, priority) })}
            >
              {PRIORITY_LABELS[priority]}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="chip chip-overdue"
          aria-pressed={filters.overdue}
          onClick={() => onChange({ overdue: !filters.overdue })}
        >
          Overdue
        </button>
        {!board && filters.status.length === 0 && (
          <button
            type="button"
            className="chip"
            aria-pressed={filters.showDone}
            onClick={() => onChange({ showDone: !filters.showDone })}
          >
            Show done
          </button>
        )}
        <div className="tag-filter">
          <TagInput id="task-tag" label="Filter by tag" value={tag} onChange={setTag} />
        </div>
        {active + Number(filters.q !== '') > 0 && (
          <button
            type="button"
            className="button button-ghost"
            onClick={() => onChange(board ? NO_FILTERS : { ...NO_FILTERS, sort: DEFAULT_SORT })}
          >
            Clear filters
          </button>
        )}
      </div>
    </section>
  );
}
