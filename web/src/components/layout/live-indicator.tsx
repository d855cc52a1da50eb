import { useSyncExternalStore } from 'react';
import { getLiveState, subscribeLiveState } from '@/lib/live-state';

/**
 * A dot on the corner of the brand mark: filled while changes from other tabs and devices arrive
 * live, hollow while the stream reconnects. It takes no room of its own, so the header lays out
 * the same at any width; the words are for screen readers and the tooltip.
 */
export function LiveIndicator() {
  const live = useSyncExternalStore(subscribeLiveState, getLiveState) === 'open';
  const label = live ? 'Live' : 'Reconnecting…';
  return (
    <span className="live-indicator" data-live={live} title={label}>
      <span className="live-dot" aria-hidden="true" />
      <span className="sr-only">{label}</span>
    </span>
  );
}
