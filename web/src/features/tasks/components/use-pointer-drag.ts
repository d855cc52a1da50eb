// Dragging board cards with a mouse, pen or finger, written on pointer events: a mouse drag starts
// after a few pixels, a touch one after the finger rests on the card (so a swipe still scrolls).
// A floating copy follows the pointer; the column under it and the slot between its cards are
// reported as the pointer moves, and a column scrolls by itself while the pointer is near its edge.
import { useCallback, useEffect, useRef, type PointerEvent as ReactPointerEvent } from 'react';
import type { BoardSpot } from '../api/board';
import { STATUSES, type Status, type Task } from '../api/types';

export interface PointerDragHandlers {
  begin: (task: Task, from: BoardSpot) => void;
  /** The pointer is over `status`'s column at `slot` (0 above its first card, count below its last). */
  over: (status: Status, slot: number) => void;
  /** `drop` false: Escape, or the browser took the pointer back. */
  end: (drop: boolean) => void;
}

const MOUSE_THRESHOLD_PX = 4;
const TOUCH_SLOP_PX = 8;
const TOUCH_HOLD_MS = 250;
const EDGE_PX = 48;
const MAX_SCROLL_PX = 14;

/** How fast to scroll when the pointer is `distance` inside an edge zone: faster nearer the edge. */
const edgeSpeed = (distance: number) =>
  distance < EDGE_PX ? Math.ceil(((EDGE_PX - distance) / EDGE_PX) * MAX_SCROLL_PX) : 0;

function columnAt(x: number, y: number): HTMLElement | null {
  const column = document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-board-column]');
  return column ?? null;
}

function slotIn(column: HTMLElement, y: number): number | null {
  const box = column.querySelector<HTMLElement>('.board-scroll');
  const list = column.querySelector<HTMLElement>('.board-cards');
  if (!box || !list) return null;
  const rowHeight = Number(box.dataset.rowHeight);
  const count = Number(box.dataset.count);
  if (!(rowHeight > 0)) return null;
  const slot = Math.floor((y - list.getBoundingClientRect().top) / rowHeight + 0.5);
  return Math.max(0, Math.min(count, slot));
}

function autoScroll(x: number, y: number): void {
  const column = columnAt(x, y);
  const box = column?.querySelector<HTMLElement>('.board-scroll');
  if (box) {
    // The edges as seen: a column taller than the window scrolls at the window's edge.
    const rect = box.getBoundingClientRect();
    const top = Math.max(rect.top, 0);
    const bottom = Math.min(rect.bottom, window.innerHeight);
    box.scrollTop += edgeSpeed(bottom - y) - edgeSpeed(y - top);
  }
  // On a phone the columns sit side by side in a strip that scrolls sideways.
  const strip = document.querySelector<HTMLElement>('.board');
  if (strip && strip.scrollWidth > strip.clientWidth) {
    const rect = strip.getBoundingClientRect();
    strip.scrollLeft += edgeSpeed(rect.right - x) - edgeSpeed(x - rect.left);
  }
}

/** A click that ends a drag is not a click on what lies under the pointer. */
function swallowNextClick(): void {
  const swallow = (event: MouseEvent) => {
    event.preventDefault();
    event.stopPropagation();
  };
  window.addEventListener('click', swallow, { capture: true, once: true });
  setTimeout(() => window.removeEventListener('click', swallow, { capture: true }), 0);
}

export function usePointerDrag(handlers: PointerDragHandlers) {
  const ghost = useRef<HTMLDivElement>(null);
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  const stop = useRef<(() => void) | null>(null);
  useEffect(() => () => stop.current?.(), []);

  const onPointerDown = useCallback(
    (event: ReactPointerEvent<HTMLElement>, task: Task, status: Status, index: number) => {
      if (event.button !== 0 || !event.isPrimary || stop.current) return;
      if ((event.target as HTMLElement).closest('button, a, input, [role="menu"]')) return;
      const card = event.currentTarget;
      const bounds = card.getBoundingClientRect();
      const touch = event.pointerType !== 'mouse';
      const { pointerId, clientX: startX, clientY: startY } = event;
      const grab = { x: startX - bounds.left, y: startY - bounds.top };
      let x = startX;
      let y = startY;
      let dragging = false;
      let frame = 0;

      const place = () => {
        if (ghost.current) {
          ghost.current.style.transform = `translate(${x - grab.x}px, ${y - grab.y}px)`;
        }
        const column = columnAt(x, y);
        const target = column?.dataset.boardColumn as Status | undefined;
        const slot = column && slotIn(column, y);
        if (target && STATUSES.includes(target) && slot != null) latest.current.over(target, slot);
      };
      const tick = () => {
        autoScroll(x, y);
        place();
        frame = requestAnimationFrame(tick);
      };
      const start = () => {
        dragging = true;
        latest.current.begin(task, { status, index });
        if (ghost.current) {
          ghost.current.textContent = task.title;
          ghost.current.style.width = `${bounds.width}px`;
          ghost.current.hidden = false;
        }
        document.body.classList.add('is-dragging');
        frame = requestAnimationFrame(tick);
      };
      const hold = touch ? setTimeout(start, TOUCH_HOLD_MS) : undefined;

      const finish = (drop: boolean) => {
        clearTimeout(hold);
        cancelAnimationFrame(frame);
        window.removeEventListener('pointermove', onMove);
        window.removeEventListener('pointerup', onUp);
        window.removeEventListener('pointercancel', onCancel);
        window.removeEventListener('keydown', onKey, true);
        window.removeEventListener('touchmove', onTouchMove);
        window.removeEventListener('contextmenu', onContextMenu);
        stop.current = null;
        if (!dragging) return;
        if (ghost.current) ghost.current.hidden = true;
        document.body.classList.remove('is-dragging');
        if (drop) swallowNextClick();
        latest.current.end(drop);
      };
      const onMove = (move: PointerEvent) => {
        if (move.pointerId !== pointerId) return;
        x = move.clientX;
        y = move.clientY;
        if (dragging) return;
        const distance = Math.hypot(x - startX, y - startY);
        // A finger that moves before the hold is over is scrolling.
        if (touch && distance > TOUCH_SLOP_PX) finish(false);
        else if (!touch && distance > MOUSE_THRESHOLD_PX) start();
      };
      const onUp = (up: PointerEvent) => {
        if (up.pointerId === pointerId) finish(true);
      };
      const onCancel = (cancel: PointerEvent) => {
        if (cancel.pointerId === pointerId) finish(false);
      };
      const onKey = (key: KeyboardEvent) => {
        if (key.key !== 'Escape' || !dragging) return;
        key.preventDefault();
        key.stopPropagation();
        finish(false);
      };
      // Once a card is held, the finger moves it instead of scrolling the page.
      const onTouchMove = (move: TouchEvent) => {
        if (dragging) move.preventDefault();
      };
      const onContextMenu = (menu: Event) => {
        if (touch) menu.preventDefault();
      };
      window.addEventListener('pointermove', onMove);
      window.addEventListener('pointerup', onUp);
      window.addEventListener('pointercancel', onCancel);
      window.addEventListener('keydown', onKey, true);
      window.addEventListener('touchmove', onTouchMove, { passive: false });
      window.addEventListener('contextmenu', onContextMenu);
      stop.current = () => finish(false);
    },
    [],
  );

  return { ghost, onPointerDown };
}
