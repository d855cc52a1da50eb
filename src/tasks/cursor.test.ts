import { Types } from 'mongoose';
import { AppError } from '../platform/errors';
import { afterPosition, decodeCursor, encodeCursor, sortSpec } from './cursor';

const id = new Types.ObjectId('65a1b2c3d4e5f60718293a4b');

describe('cursors', () => {
  it('when a cursor is encoded, then decoding with the same sort gives the position back', () => {
    const date = new Date('2026-01-02T03:04:05.678Z');
    expect(decodeCursor(encodeCursor('-createdAt', date, id), '-createdAt')).toEqual({
      value: date,
      id,
    });
    expect(decodeCursor(encodeCursor('priority', 3, id), 'priority')).toEqual({ value: 3, id });
    expect(decodeCursor(encodeCursor('rank', 1764.5, id), 'rank')).toEqual({ value: 1764.5, id });
    expect(decodeCursor(encodeCursor('-title', 'groceries', id), '-title')).toEqual({
      value: 'groceries',
      id,
    });
  });

  it.each([
    ['garbage', 'not base64 json'],
    ['another sort', encodeCursor('title', 'x', id)],
    ['a wrong value type', encodeCursor('priority', 'high', id)],
    ['a fractional rank', encodeCursor('priority', 1.5, id)],
    ['an invalid date', encodeCursor('createdAt', 'yesterday', id)],
    [
      'a bad id',
      Buffer.from(JSON.stringify(['createdAt', '2026-01-01T00:00:00Z', 'zz'])).toString(
        'base64url',
      ),
    ],
    [
      'an operator',
      Buffer.from(JSON.stringify(['createdAt', { $gt: '' }, id.toHexString()])).toString(
        'base64url',
      ),
    ],
  ])('when the cursor is %s, then it is a 400', (_label, cursor) => {
    expect(() => decodeCursor(cursor, 'createdAt')).toThrow(AppError);
  });

  it('when a board rank cursor holds no number, then it is a 400', () => {
    expect(() => decodeCursor(encodeCursor('rank', '2', id), 'rank')).toThrow(AppError);
  });

  it('when selecting after a position, then the comparison follows the direction with _id as tie-breaker', () => {
    expect(afterPosition(sortSpec('-dueDate'), { value: new Date(0), id })).toEqual({
      $or: [{ dueSort: { $lt: new Date(0) } }, { dueSort: new Date(0), _id: { $lt: id } }],
    });
    expect(afterPosition(sortSpec('priority'), { value: 2, id })).toEqual({
      $or: [{ priorityRank: { $gt: 2 } }, { priorityRank: 2, _id: { $gt: id } }],
    });
  });
});
