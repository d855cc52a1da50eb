// Whether the live stream is open, apart from the stream itself: the header's indicator and the
// query client read it on the first screen, while the stream's code loads after it.

/** `open` once the server has said `ready`; `connecting` before that and between attempts. */
export type LiveState = 'idle' | 'connecting' | 'open';

let state: LiveState = 'idle';
const listeners = new Set<() => void>();

export function setLiveState(next: LiveState): void {
  if (state === next) return;
  state = next;
  for (const listener of listeners) listener();
}

export function getLiveState(): LiveState {
  return state;
}

export function subscribeLiveState(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
