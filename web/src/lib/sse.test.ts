import { describe, expect, it } from 'vitest';
import { SseParser, type SseMessage } from './sse';

function parse(chunks: string[], parser = new SseParser()): SseMessage[] {
  return chunks.flatMap((chunk) => parser.feed(chunk));
}

const STREAM =
  'event: ready\ndata: {}\n\n: keepalive\n\nid: 7\nevent: task.deleted\ndata: {"id":"a"}\n\n';

const EXPECTED: SseMessage[] = [
  { type: 'event', event: { event: 'ready', data: '{}' } },
  { type: 'event', event: { id: '7', event: 'task.deleted', data: '{"id":"a"}' } },
];

describe('SseParser', () => {
  it('when a stream arrives whole, then its events come out in order and comments are skipped', () => {
    expect(parse([STREAM])).toEqual(EXPECTED);
  });

  it('when the stream is split at every possible place, then the events are the same', () => {
    for (let cut = 1; cut < STREAM.length; cut += 1) {
      expect(parse([STREAM.slice(0, cut), STREAM.slice(cut)])).toEqual(EXPECTED);
    }
    expect(parse([...STREAM])).toEqual(EXPECTED);
  });

  it('when lines end in CRLF, CR or LF, then they parse alike, a CRLF split between chunks included', () => {
    for (const end of ['\r\n', '\r', '\n']) {
      const stream = STREAM.replaceAll('\n', end);
      expect(parse([stream])).toEqual(EXPECTED);
      expect(parse([...stream])).toEqual(EXPECTED);
    }
    expect(parse(['data: a\r', '\ndata: b\r', '\n\r', '\n'])).toEqual([
      { type: 'event', event: { event: 'message', data: 'a\nb' } },
    ]);
  });

  it('when data spans several lines, then they are joined with LF', () => {
    expect(parse(['data: {"a":\ndata:1}\ndata\n\n'])).toEqual([
      { type: 'event', event: { event: 'message', data: '{"a":\n1}\n' } },
    ]);
  });

  it('when only the first space after the colon is dropped, then further spaces stay', () => {
    expect(parse(['data:  two\n\n'])).toEqual([
      { type: 'event', event: { event: 'message', data: ' two' } },
    ]);
  });

  it('when a retry arrives, then it is reported in milliseconds and a bad one is ignored', () => {
    expect(parse(['retry: 5000\nretry: soon\n\n'])).toEqual([{ type: 'retry', ms: 5000 }]);
  });

  it('when an event is not yet ended by a blank line, then nothing is dispatched', () => {
    const parser = new SseParser();
    expect(parser.feed('id: 3\ndata: x\n')).toEqual([]);
    expect(parser.feed('\n')).toEqual([
      { type: 'event', event: { id: '3', event: 'message', data: 'x' } },
    ]);
  });

  it('when an id has a NUL in it, then it is ignored', () => {
    expect(parse(['id: a\0b\ndata: x\n\n'])).toEqual([
      { type: 'event', event: { event: 'message', data: 'x' } },
    ]);
  });

  it('when the stream starts with a byte order mark, then it is ignored', () => {
    expect(parse(['\uFEFFdata: x\n\n'])).toEqual([
      { type: 'event', event: { event: 'message', data: 'x' } },
    ]);
  });
});
