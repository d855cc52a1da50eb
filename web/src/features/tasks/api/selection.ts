// The tasks chosen for a bulk action, kept by id rather than by row, so a selection survives the
// windowed list unmounting rows as it scrolls and the list reloading after a change.
import { useCallback, useMemo, useState } from 'react';

export interface Selection {
  ids: ReadonlySet<string>;
  /** The task last selected or unselected on its own: where a range starts. */
  anchor: string | null;
}

export const NO_SELECTION: Selection = { ids: new Set(), anchor: null };

export function toggleSelected(selection: Selection, id: string): Selection {
  const ids = new Set(selection.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, anchor: id };
}

/**
 * Adds every task from the anchor to `id`, in the order shown, to the selection. Without an anchor
 * in the list (nothing chosen yet, or it left the list), it is a toggle of `id`.
 */
export function selectRange(selection: Selection, id: string, order: readonly string[]): Selection {
  const from = selection.anchor === null ? -1 : order.indexOf(selection.anchor);
  const to = order.indexOf(id);
  if (from === -1 || to === -1) return toggleSelected(selection, id);
  const ids = new Set(selection.ids);
  for (const item of order.slice(Math.min(from, to), Math.max(from, to) + 1)) ids.add(item);
  return { ids, anchor: id };
}

export function withoutIds(selection: Selection, removed: Iterable<string>): Selection {
  const gone = new Set(removed);
  const ids = new Set([...selection.ids].filter((id) => !gone.has(id)));
  const anchor = selection.anchor !== null && gone.has(selection.anchor) ? null : selection.anchor;
  return { ids, anchor };
}

export interface TaskSelection {
  ids: ReadonlySet<string>;
  toggle: (id: string) => void;
  extendTo: (id: string, order: readonly string[]) => void;
  remove: (ids: Iterable<string>) => void;
  clear: () => void;
}

export function useTaskSelection(): TaskSelection {
  const [selection, setSelection] = useState<Selection>(NO_SELECTION);
  const toggle = useCallback((id: string) => setSelection((s) => toggleSelected(s, id)), []);
  const extendTo = useCallback(
    (id: string, order: readonly string[]) => setSelection((s) => selectRange(s, id, order)),
    [],
  );
  const remove = useCallback(
    (ids: Iterable<string>) => setSelection((s) => withoutIds(s, ids)),
    [],
  );
  const clear = useCallback(() => setSelection(NO_SELECTION), []);
  return useMemo(
    () => ({ ids: selection.ids, toggle, extendTo, remove, clear }),
    [selection.ids, toggle, extendTo, remove, clear],
  );
}
