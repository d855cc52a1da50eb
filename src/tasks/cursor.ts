// Opaque keyset cursors: the sort they belong to, the last task's sort value and its id.
import { Types } from 'mongoose';
import { z } from 'zod';
import { errors } from '../platform/errors';
import { SORTS, type Sort } from './schemas';

export interface SortSpec {
  field: 'createdAt' | 'updatedAt' | 'dueSort' | 'priorityRank' | 'titleSort' | 'rank';
  direction: 1 | -1;
}

const FIELDS: Record<string, SortSpec['field']> = {
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
  dueDate: 'dueSort',
  priority: 'priorityRank',
  title: 'titleSort',
  rank: 'rank',
};

export function sortSpec(sort: Sort): SortSpec {
  const descending = sort.startsWith('-');
  return { field: FIELDS[descending ? sort.slice(1) : sort]!, direction: descending ? -1 : 1 };
}

type SortValue = Date | number | string;
export interface Position {
  value: SortValue;
  id: Types.ObjectId;
}

const payload = z.tuple([
  z.enum(SORTS),
  z.union([z.string().max(256), z.number()]),
  z.string().regex(/^[0-9a-f]{24}$/),
]);

export function encodeCursor(sort: Sort, value: SortValue, id: Types.ObjectId): string {
  const plain = value instanceof Date ? value.toISOString() : value;
  return Buffer.from(JSON.stringify([sort, plain, id.toHexString()])).toString('base64url');
}

const invalidCursor = () =>
  errors.invalidInput([{ path: 'cursor', message: 'is not a cursor from this listing' }]);

export function decodeCursor(cursor: string, sort: Sort): Position {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const parsed = payload.safeParse(decoded);
  if (!parsed.success || parsed.data[0] !== sort) throw invalidCursor();
  const [, raw, id] = parsed.data;
  const { field } = sortSpec(sort);
  let value: SortValue;
  if (field === 'priorityRank') {
    if (typeof raw !== 'number' || !Number.isInteger(raw)) throw invalidCursor();
    value = raw;
  } else if (field === 'rank') {
    if (typeof raw !== 'number') throw invalidCursor();
    value = raw;
  } else if (field === 'titleSort') {
    if (typeof raw !== 'string') throw invalidCursor();
    value = raw;
  } else {
    const date = typeof raw === 'string' ? new Date(raw) : new Date(NaN);
    if (Number.isNaN(date.getTime())) throw invalidCursor();
    value = date;
  }
  return { value, id: new Types.ObjectId(id) };
}

/** The filter that selects the tasks strictly after the position in the given order. */
export function afterPosition(spec: SortSpec, position: Position) {
  const op = spec.direction === 1 ? '$gt' : '$lt';
  return {
    $or: [
      { [spec.field]: { [op]: position.value } },
      { [spec.field]: position.value, _id: { [op]: position.id } },
    ],
  };
}
