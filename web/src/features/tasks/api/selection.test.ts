import { describe, expect, it } from 'vitest';
import { NO_SELECTION, selectRange, toggleSelected, withoutIds, type Selection } from './selection';

const order = ['a', 'b', 'c', 'd', 'e'];
const ids = (selection: Selection) => [...selection.ids].sort();

describe('selection', () => {
  it('when a task is toggled twice, then it is selected then not, and stays the anchor', () => {
    const once = toggleSelected(NO_SELECTION, 'b');
    expect(ids(once)).toEqual(['b']);
    expect(once.anchor).toBe('b');
    const twice = toggleSelected(once, 'b');
    expect(ids(twice)).toEqual([]);
    expect(twice.anchor).toBe('b');
  });

  it('when a range is selected down or up from the anchor, then every task between is added', () => {
    const down = selectRange(toggleSelected(NO_SELECTION, 'b'), 'd', order);
    expect(ids(down)).toEqual(['b', 'c', 'd']);
    expect(down.anchor).toBe('d');
    const up = selectRange(toggleSelected(NO_SELECTION, 'e'), 'c', order);
    expect(ids(up)).toEqual(['c', 'd', 'e']);
  });

  it('when a range follows an earlier selection, then the earlier tasks stay selected', () => {
    const start = toggleSelected(toggleSelected(NO_SELECTION, 'a'), 'c');
    expect(ids(selectRange(start, 'd', order))).toEqual(['a', 'c', 'd']);
  });

  it('when there is no anchor, or it left the list, then a range is a toggle', () => {
    expect(ids(selectRange(NO_SELECTION, 'c', order))).toEqual(['c']);
    const gone = toggleSelected(NO_SELECTION, 'z');
    expect(ids(selectRange(gone, 'b', order))).toEqual(['b', 'z']);
  });

  it('when tasks are removed, then they leave the selection and so does a removed anchor', () => {
    const start = selectRange(toggleSelected(NO_SELECTION, 'a'), 'c', order);
    const kept = withoutIds(start, ['b']);
    expect(ids(kept)).toEqual(['a', 'c']);
    expect(kept.anchor).toBe('c');
    expect(withoutIds(start, ['c']).anchor).toBeNull();
  });
});
