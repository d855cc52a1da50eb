// A Server-Sent Events client for tests: streams with fetch and the bearer token, as the web app
// does, and parses events as they arrive.
export interface StreamEvent {
  id?: string;
  event: string;
  data: any;
}

export interface EventStreamClient {
  status: number;
  headers: Headers;
  events: StreamEvent[];
  /** Resolves with the first event (from the start) that matches, or rejects after `timeoutMs`. */
  next(match: (event: StreamEvent) => boolean, timeoutMs?: number): Promise<StreamEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openEventStream(
  baseUrl: string,
  token: string,
  lastEventId?: string,
): Promise<EventStreamClient> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/api/v1/events`, {
    headers: {
      authorization: `Bearer ${token}`,
      ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
    },
    signal: abort.signal,
  });
  const events: StreamEvent[] = [];
  const waiters = new Set<() => void>();
  let ended: Promise<void> = Promise.resolve();
  if (response.ok && response.body) {
    ended = (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const fields = Object.fromEntries(
              block
                .split('\n')
                .filter((line) => !line.startsWith(':') && line.includes(': '))
                .map((line) => [
                  line.slice(0, line.indexOf(': ')),
                  line.slice(line.indexOf(': ') + 2),
                ]),
            );
            if (!fields.event || fields.data === undefined) continue;
            events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
            for (const wake of waiters) wake();
          }
        }
      } catch {
        // Aborted by close().
      }
    })();
  }
  return {
    status: response.status,
    headers: response.headers,
    events,
    ended,
    next(match, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event in ${timeoutMs} ms; got ${JSON.stringify(events)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => abort.abort(),
  };
}

/**
 * The suite's way to open streams, each closed after its test. A stream the api accepted (200)
 * is handed back once it has sent `ready`; a refused one as it is.
 */
export function streamsClosedAfterEach() {
  const streams: EventStreamClient[] = [];
  afterEach(() => {
    for (const stream of streams.splice(0)) stream.close();
  });
  return async (
    replica: { client: { baseUrl: string } },
    user: { token: string },
    lastEventId?: string,
  ) => {
    const stream = await openEventStream(replica.client.baseUrl, user.token, lastEventId);
    streams.push(stream);
    if (stream.status === 200) await stream.next((event) => event.event === 'ready');
    return stream;
  };
}
