// A Server-Sent Events parser for streams read with fetch: EventSource cannot send the
// Authorization header, so the live stream is read as text and parsed here, following the
// WHATWG event-stream rules. Chunks may split a line anywhere, a CRLF included.

export interface SseEvent {
  /** The `id:` of this event, when it had one. */
  id?: string;
  /** The `event:` field, or "message" when there was none. */
  event: string;
  data: string;
}

export type SseMessage = { type: 'event'; event: SseEvent } | { type: 'retry'; ms: number };

export class SseParser {
  private buffer = '';
  private started = false;
  /** The last chunk ended in CR: a LF opening the next chunk belongs to that line end. */
  private afterCr = false;
  private eventType = '';
  private eventId: string | undefined;
  private dataLines: string[] = [];

  /** Takes the next piece of the stream and returns what it completes, in order. */
  feed(chunk: string): SseMessage[] {
    let text = chunk;
    if (this.afterCr) {
      this.afterCr = false;
      if (text.startsWith('\n')) text = text.slice(1);
    }
    if (text === '') return [];
    if (!this.started) {
      this.started = true;
      if (text.startsWith('\uFEFF')) text = text.slice(1);
    }
    this.buffer += text;

    const messages: SseMessage[] = [];
    let start = 0;
    for (;;) {
      const end = this.lineEnd(start);
      if (end === -1) break;
      const line = this.buffer.slice(start, end);
      if (this.buffer[end] === '\r') {
        if (end + 1 === this.buffer.length) {
          this.afterCr = true;
          start = end + 1;
        } else {
          start = this.buffer[end + 1] === '\n' ? end + 2 : end + 1;
        }
      } else {
        start = end + 1;
      }
      const message = this.line(line);
      if (message) messages.push(message);
    }
    this.buffer = this.buffer.slice(start);
    return messages;
  }

  private lineEnd(from: number): number {
    for (let index = from; index < this.buffer.length; index += 1) {
      const char = this.buffer[index];
      if (char === '\n' || char === '\r') return index;
    }
    return -1;
  }

  private line(line: string): SseMessage | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.dataLines.push(value);
        return null;
      case 'event':
        this.eventType = value;
        return null;
      case 'id':
        // The spec ignores an id with NUL in it, which no header could carry back.
        if (!value.includes('\0')) this.eventId = value;
        return null;
      case 'retry':
        return /^\d+$/.test(value) ? { type: 'retry', ms: Number(value) } : null;
      default:
        return null;
    }
  }

  private dispatch(): SseMessage | null {
    const { eventType, eventId, dataLines } = this;
    this.eventType = '';
    this.eventId = undefined;
    this.dataLines = [];
    // A block without data is not an event.
    if (dataLines.length === 0) return null;
    const event: SseEvent = { event: eventType || 'message', data: dataLines.join('\n') };
    if (eventId !== undefined) event.id = eventId;
    return { type: 'event', event };
  }
}
