import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDueWords } from './due-words';

// Friday 30 October 2026, 10:00 in New York; summer time ends there on Sunday 1 November.
const now = new Date('2026-10-30T14:00:00Z');
const due = (line: string) => parseDueWords(line.split(' '), now);

describe('due dates in words', () => {
  const zone = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'America/New_York';
  });
  afterAll(() => {
    process.env.TZ = zone;
  });

  it.each([
    ['today', '2026-10-30T04:00:00.000Z'],
    ['tomorrow', '2026-10-31T04:00:00.000Z'],
    ['Tomorrow 17:00', '2026-10-31T21:00:00.000Z'],
    ['fri', '2026-11-06T05:00:00.000Z'],
    ['Monday', '2026-11-02T05:00:00.000Z'],
    ['sat at 9am', '2026-10-31T13:00:00.000Z'],
    ['next week', '2026-11-02T05:00:00.000Z'],
    ['in 3 days', '2026-11-02T05:00:00.000Z'],
    ['in 1 day', '2026-10-31T04:00:00.000Z'],
    ['in 2 weeks', '2026-11-13T05:00:00.000Z'],
    ['17:00', '2026-10-30T21:00:00.000Z'],
    ['5:30pm', '2026-10-30T21:30:00.000Z'],
    ['12am', '2026-10-31T04:00:00.000Z'],
  ])('reads "%s" in the local time zone as %s', (line, iso) => {
    expect(due(line)).toEqual({ dueDate: iso, rest: [] });
  });

  it('when the time alone has passed today, then it means tomorrow', () => {
    expect(due('9:15').dueDate).toBe('2026-10-31T13:15:00.000Z');
  });

  it('keeps the other words in their order and spelling', () => {
    expect(due('Call Ada tomorrow at 17:00 about the Engine')).toEqual({
      dueDate: '2026-10-31T21:00:00.000Z',
      rest: ['Call', 'Ada', 'about', 'the', 'Engine'],
    });
  });

  it('takes only the first date and the first time', () => {
    expect(due('Move fri to mon 9:00 10:00')).toEqual({
      dueDate: '2026-11-06T14:00:00.000Z',
      rest: ['Move', 'to', 'mon', '10:00'],
    });
  });

  it.each([
    'in 3 boxes',
    'in 0 days',
    'in 99999 days',
    'at noon',
    '25:00',
    '13pm',
    'next',
    'Friday-ish',
  ])('leaves "%s" alone', (line) => {
    expect(due(line)).toEqual({ dueDate: null, rest: line.split(' ') });
  });
});
