// Windowed rendering inside a scrolling box (a board column), the sibling of use-window-list for
// lists that scroll with the page: the same arithmetic, read from the box's own scroll position.
import { useCallback, useRef, useState } from 'react';
import { useRowHeight, useUpdateOnScroll, visibleRange, type WindowRange } from './use-window-list';

export function useScrollWindow(count: number, estimatedRowHeight: number, overscan = 6) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const { rowHeight, measureRef } = useRowHeight(estimatedRowHeight);
  const [range, setRange] = useState<WindowRange>({ start: 0, end: Math.min(count, 20) });

  const update = useCallback(() => {
    const box = scrollRef.current;
    if (!box) return;
    const next = visibleRange({
      count,
      rowHeight,
      listTop: 0,
      scrollY: box.scrollTop,
      viewportHeight: box.clientHeight,
      overscan,
    });
    setRange((current) =>
      current.start === next.start && current.end === next.end ? current : next,
    );
  }, [count, rowHeight, overscan]);

  useUpdateOnScroll(update, scrollRef);

  /** Scrolls just enough that row `index` is in view. */
  const revealRow = useCallback(
    (index: number) => {
      const box = scrollRef.current;
      if (!box) return;
      const top = index * rowHeight;
      if (top < box.scrollTop) box.scrollTop = top;
      else if (top + rowHeight > box.scrollTop + box.clientHeight) {
        box.scrollTop = top + rowHeight - box.clientHeight;
      }
    },
    [rowHeight],
  );

  return { scrollRef, measureRef, range, rowHeight, totalHeight: count * rowHeight, revealRow };
}
