// The one stream of live updates (GET /events) of a signed-in tab. It is read with fetch, because
// EventSource cannot send the access token, and it reconnects on its own: after the delay the
// server asked for when a healthy stream ends (a replica shutting down), with growing, jittered
// delays while connecting keeps failing, and always with the last event id so nothing is missed.
import { API_BASE, authHeaders, refreshOrSignOut } from './api-client';
import { setLiveState as setState } from './live-state';
import { SseParser, type SseEvent } from './sse';

export type { SseEvent } from './sse';

const DEFAULT_RETRY_MS = 3000;
const MAX_RETRY_MS = 30_000;

/**
 * How long to wait before the next attempt: the server's delay after a stream that was open, then
 * doubling with each failure in a row, capped, and spread between half and all of that so that
 * every tab of a replica that went down does not come back in the same instant.
 */
export function reconnectDelay(retryMs: number, failures: number, random = Math.random): number {
  const base = Math.min(retryMs * 2 ** Math.max(failures - 1, 0), MAX_RETRY_MS);
  return Math.round(base * (0.5 + random() / 2));
}

/** The Retry-After of a 429, in milliseconds, or null when it has none. */
function retryAfterMs(response: Response): number | null {
  const seconds = Number(response.headers.get('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, MAX_RETRY_MS) : null;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

type Attempt = { outcome: 'ended' | 'failed'; waitMs?: number } | { outcome: 'unauthorized' };

/**
 * Keeps the stream open until `stop` is called and hands every event but `ready` to `onEvent`.
 * A 401 refreshes the session and reconnects; a refused refresh signs the tab out, which also
 * ends the stream through whoever opened it.
 */
export function openLiveStream(onEvent: (event: SseEvent) => void): () => void {
  const controller = new AbortController();
  const { signal } = controller;
  let retryMs = DEFAULT_RETRY_MS;
  let lastEventId: string | undefined;
  /** Whether the current attempt got as far as `ready`. */
  let opened = false;
  /** Attempts made so far: after the first, a stream that cannot resume may have missed changes. */
  let attempts = 0;

  async function attempt(): Promise<Attempt> {
    const headers: Record<string, string> = { Accept: 'text/event-stream', ...authHeaders() };
    if (lastEventId !== undefined) headers['Last-Event-ID'] = lastEventId;
    const missedSome = attempts > 0 && lastEventId === undefined;
    attempts += 1;
    const response = await fetch(`${API_BASE}/events`, {
      headers,
      signal,
      credentials: 'same-origin',
      cache: 'no-store',
    });
    if (response.status === 401) return { outcome: 'unauthorized' };
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      const waitMs = response.status === 429 ? retryAfterMs(response) : null;
      return waitMs === null ? { outcome: 'failed' } : { outcome: 'failed', waitMs };
    }
    const parser = new SseParser();
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { outcome: 'ended' };
      for (const message of parser.feed(decoder.decode(value, { stream: true }))) {
        if (message.type === 'retry') {
          retryMs = message.ms;
        } else if (message.event.event === 'ready') {
          opened = true;
          setState('open');
          // Down since before any event arrived: nothing to resume from, so it is what the
          // server's reset means, and the app refetches what may have changed meanwhile.
          if (missedSome) onEvent({ event: 'reset', data: '{}' });
        } else {
          // Counted as received before it is handled, so one the app cannot apply is not
          // replayed on every reconnect; the others after it still are handled.
          lastEventId = message.event.id ?? lastEventId;
          try {
            onEvent(message.event);
          } catch (error) {
            console.error(`The live event ${message.event.event} could not be applied`, error);
          }
        }
      }
    }
  }

  async function run(): Promise<void> {
    let failures = 0;
    let refreshed = false;
    while (!signal.aborted) {
      setState('connecting');
      opened = false;
      let result: Attempt;
      try {
        result = await attempt();
      } catch {
        result = { outcome: 'failed' };
      }
      if (signal.aborted) return;
      if (result.outcome === 'unauthorized') {
        // A 401 straight after a refresh is not cured by refreshing again: wait, then try anew.
        if (!refreshed) {
          refreshed = true;
          // A refresh that fails on the server's side (5xx) leaves the session alone.
          if (!(await refreshOrSignOut().catch(() => true))) return;
          continue;
        }
        result = { outcome: 'failed' };
      } else {
        refreshed = false;
      }
      if (opened) failures = 0;
      // A stream that ends before `ready` is a failure too, or a broken one would be retried at
      // the server's pace forever.
      if (result.outcome === 'failed' || !opened) failures += 1;
      await sleep(result.waitMs ?? reconnectDelay(retryMs, failures), signal);
    }
  }

  void run();
  return () => {
    controller.abort();
    setState('idle');
  };
}
