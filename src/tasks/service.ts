// Task use cases. Every function takes the owner's id first, so a query can never forget it.
import { createHash } from 'node:crypto';
import { Types, type QueryFilter } from 'mongoose';
import type Redis from 'ioredis';
import { errors } from '../platform/errors';
import { withLock, withLocks } from '../platform/lock';
import type { Metrics } from '../platform/metrics';
import { afterPosition, decodeCursor, encodeCursor, sortSpec } from './cursor';
import {
  NO_DUE_DATE,
  PRIORITIES,
  PRIORITY_RANK,
  STATUSES,
  type TaskDocument,
  type TaskModel,
} from './model';
import { presentTask, TASK_PROJECTION, type StoredTask, type TaskView } from './presenter';
import {
  MAX_TAGS,
  type BulkOperation,
  type BulkOutcome,
  type CreateTaskInput,
  type ListTasksQuery,
  type UpdateTaskInput,
} from './schemas';
import { dayBounds } from './time-zone';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const DAY_MS = 86_400_000;
const UPDATE_ATTEMPTS = 5;
const lockKey = (id: string) => `judix:lock:task:${id.toLowerCase()}`;

export interface BulkResult {
  id: string;
  status: BulkOutcome;
  reason?: string;
}

type BulkChange = Exclude<BulkOperation, { type: 'delete' }>;

/**
 * The filter that leaves out the tasks the change would not alter (they are `unchanged`, their
 * version kept) and the tasks it must not alter (`rejected`), and the update for the others.
 */
function bulkUpdate(operation: BulkChange, now: Date) {
  const touched = { updatedAt: now };
  switch (operation.type) {
    case 'setStatus':
      return {
        filter: { status: { $ne: operation.status } },
        update: {
          $set: {
            ...touched,
            status: operation.status,
            completedAt: operation.status === 'done' ? now : null,
          },
        },
      };
    case 'setPriority':
      return {
        filter: { priority: { $ne: operation.priority } },
        update: { $set: { ...touched, priority: operation.priority, ...derivedFields(operation) } },
      };
    case 'setDue': {
      const dueDate = operation.dueAt === null ? null : new Date(operation.dueAt);
      return {
        filter: { dueDate: { $ne: dueDate } },
        update: { $set: { ...touched, dueDate, ...derivedFields({ dueDate }) } },
      };
    }
    case 'addTag':
      return {
        filter: { tags: { $ne: operation.tag }, [`tags.${MAX_TAGS - 1}`]: { $exists: false } },
        update: { $set: touched, $addToSet: { tags: operation.tag } },
      };
    case 'removeTag':
      return {
        filter: { tags: operation.tag },
        update: { $set: touched, $pull: { tags: operation.tag } },
      };
  }
}

/** The id of the task created with this idempotency key: the same for every retry. */
function taskIdFor(ownerId: string, idempotencyKey: string): Types.ObjectId {
  const digest = createHash('sha256').update(`${ownerId}\n${idempotencyKey}`).digest('hex');
  return new Types.ObjectId(digest.slice(0, 24));
}

function isDuplicateKey(error: unknown): boolean {
  const { code, writeErrors } = error as { code?: number; writeErrors?: { code?: number }[] };
  return code === 11000 || writeErrors?.[0]?.code === 11000;
}

function derivedFields(fields: Partial<Pick<TaskDocument, 'title' | 'priority' | 'dueDate'>>) {
  return {
    ...(fields.title !== undefined ? { titleSort: fields.title.toLowerCase() } : {}),
    ...(fields.priority !== undefined ? { priorityRank: PRIORITY_RANK[fields.priority] } : {}),
    ...(fields.dueDate !== undefined ? { dueSort: fields.dueDate ?? NO_DUE_DATE } : {}),
  };
}

export interface TaskServiceOptions {
  /** How long a write waits for another write to the same task: at most the request budget. */
  lockWaitMs: number;
}

export function createTaskService(
  tasks: TaskModel,
  redis: Redis,
  metrics: Metrics,
  { lockWaitMs }: TaskServiceOptions,
) {
  /**
   * The task if it exists and belongs to the owner. It is looked up by `_id` alone and the owner
   * compared here: FerretDB v1 serves only a lone `_id` filter from its index and scans the whole
   * collection for anything more, while MongoDB answers both forms from the `_id` index.
   */
  async function findOwned(ownerId: string, id: string): Promise<StoredTask | null> {
    const task = await tasks
      .findById(id, { ...TASK_PROJECTION, owner: 1 })
      .lean<StoredTask & Pick<TaskDocument, 'owner'>>();
    if (!task || !task.owner.equals(ownerId)) return null;
    const { owner: _owner, ...owned } = task;
    return owned;
  }

  type Outcomes = Map<string, Omit<BulkResult, 'id'>>;
  const NOT_FOUND = { status: 'not_found' } as const;

  /** The owner's tasks among the ids are read first: afterwards "deleted" and "never there" look alike. */
  async function bulkDelete(owner: Types.ObjectId, ids: Types.ObjectId[]): Promise<Outcomes> {
    const owned = await tasks.find({ _id: { $in: ids }, owner }, { _id: 1 }).lean();
    const outcomes: Outcomes = new Map();
    if (owned.length === 0) return outcomes;
    const ownedIds = owned.map((task) => task._id);
    const { deletedCount } = await tasks.deleteMany({ _id: { $in: ownedIds }, owner });
    metrics.tasksDeleted.inc(deletedCount);
    for (const id of ownedIds) outcomes.set(id.toHexString(), { status: 'deleted' });
    return outcomes;
  }

  /**
   * Every task the write changed carries this request's `updatedAt` afterwards, and no other one
   * does: the locks keep other writers out until the read, and `lockedAt` is a millisecond after
   * every write that finished before the locks were taken (on this replica's clock).
   */
  async function bulkChange(
    owner: Types.ObjectId,
    ids: Types.ObjectId[],
    operation: BulkChange,
    lockedAt: number,
  ): Promise<Outcomes> {
    const now = new Date(lockedAt + 1);
    const { filter, update } = bulkUpdate(operation, now);
    await tasks.updateMany(
      { _id: { $in: ids }, owner, ...filter },
      { ...update, $inc: { version: 1 } },
    );
    const after = await tasks
      .find({ _id: { $in: ids }, owner }, { tags: 1, updatedAt: 1 })
      .lean<Pick<TaskDocument, '_id' | 'tags' | 'updatedAt'>[]>();
    const outcomes: Outcomes = new Map();
    let changed = 0;
    for (const task of after) {
      const id = task._id.toHexString();
      if (task.updatedAt.getTime() === now.getTime()) {
        changed += 1;
        outcomes.set(id, { status: 'updated' });
      } else if (
        operation.type === 'addTag' &&
        !task.tags.includes(operation.tag) &&
        task.tags.length >= MAX_TAGS
      ) {
        outcomes.set(id, { status: 'rejected', reason: `a task has at most ${MAX_TAGS} tags` });
      } else {
        outcomes.set(id, { status: 'unchanged' });
      }
    }
    if (operation.type === 'setStatus' && operation.status === 'done') {
      metrics.tasksCompleted.inc(changed);
    }
    return outcomes;
  }

  return {
    async list(ownerId: string, query: ListTasksQuery, now = new Date()) {
      const spec = sortSpec(query.sort);
      const clauses: QueryFilter<TaskDocument>[] = [{ owner: new Types.ObjectId(ownerId) }];
      if (query.status) clauses.push({ status: { $in: query.status } });
      if (query.priority) clauses.push({ priority: { $in: query.priority } });
      if (query.tag) clauses.push({ tags: query.tag });
      if (query.q) {
        const pattern = { $regex: escapeRegExp(query.q), $options: 'i' };
        clauses.push({ $or: [{ title: pattern }, { description: pattern }] });
      }
      if (query.dueBefore) clauses.push({ dueDate: { $lt: new Date(query.dueBefore) } });
      if (query.dueAfter) clauses.push({ dueDate: { $gt: new Date(query.dueAfter) } });
      if (query.overdue === 'true') {
        clauses.push({ dueDate: { $lt: now } }, { status: { $ne: 'done' } });
      }
      if (query.cursor) clauses.push(afterPosition(spec, decodeCursor(query.cursor, query.sort)));

      const rows = await tasks
        .find({ $and: clauses }, { ...TASK_PROJECTION, [spec.field]: 1 })
        .sort({ [spec.field]: spec.direction, _id: spec.direction })
        .limit(query.limit + 1)
        .lean<(StoredTask & Partial<TaskDocument>)[]>();
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      const nextCursor =
        rows.length > query.limit && last
          ? encodeCursor(query.sort, last[spec.field] as Date | number | string, last._id)
          : null;
      return { data: page.map(presentTask), nextCursor };
    },

    async get(ownerId: string, id: string): Promise<TaskView> {
      const task = await findOwned(ownerId, id);
      if (!task) throw errors.notFound('No such task.');
      return presentTask(task);
    },

    /**
     * With an idempotency key, the new task's id is derived from the owner and the key, so a
     * retry of a create that was applied (perhaps after its request had already failed) finds the
     * task instead of writing a second one.
     */
    async create(
      ownerId: string,
      input: CreateTaskInput,
      idempotencyKey?: string,
    ): Promise<TaskView> {
      const now = new Date();
      const fields = {
        title: input.title,
        description: input.description ?? '',
        status: input.status ?? 'todo',
        priority: input.priority ?? 'medium',
        dueDate: input.dueDate ? new Date(input.dueDate) : null,
        tags: input.tags ?? [],
      };
      const _id = idempotencyKey === undefined ? undefined : taskIdFor(ownerId, idempotencyKey);
      let task: unknown;
      try {
        [task] = await tasks.insertMany(
          [
            {
              ...(_id ? { _id } : {}),
              ...fields,
              ...derivedFields(fields),
              owner: new Types.ObjectId(ownerId),
              completedAt: fields.status === 'done' ? now : null,
              version: 1,
              createdAt: now,
              updatedAt: now,
            },
          ],
          { lean: true },
        );
      } catch (error) {
        const existing = _id && isDuplicateKey(error) && (await findOwned(ownerId, _id.toString()));
        if (existing) return presentTask(existing);
        throw error;
      }
      metrics.tasksCreated.inc();
      if (fields.status === 'done') metrics.tasksCompleted.inc();
      return presentTask(task as StoredTask);
    },

    /**
     * Applies a partial update. With `expectedVersions` (from If-Match) a stale version is a 412;
     * without, the update is applied to whatever version is current (compare-and-set, retried).
     */
    async update(
      ownerId: string,
      id: string,
      patch: UpdateTaskInput,
      expectedVersions?: number[],
    ): Promise<TaskView> {
      return withLock(
        redis,
        lockKey(id),
        async () => {
          for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            const current = await findOwned(ownerId, id);
            if (!current) throw errors.notFound('No such task.');
            if (expectedVersions && !expectedVersions.includes(current.version)) {
              throw errors.preconditionFailed(current.version);
            }
            const now = new Date();
            const { dueDate, ...plain } = patch;
            const set: Partial<TaskDocument> = { ...plain, updatedAt: now };
            if (dueDate !== undefined) set.dueDate = dueDate === null ? null : new Date(dueDate);
            Object.assign(set, derivedFields(set));
            const completing = patch.status === 'done' && current.status !== 'done';
            if (completing) set.completedAt = now;
            if (patch.status && patch.status !== 'done') set.completedAt = null;

            const updated = await tasks
              .findOneAndUpdate(
                { _id: current._id, owner: new Types.ObjectId(ownerId), version: current.version },
                { $set: set, $inc: { version: 1 } },
                // FerretDB v1 does not support projections in findAndModify; the presenter picks the fields.
                { returnDocument: 'after' },
              )
              .lean<StoredTask>();
            if (updated) {
              if (completing) metrics.tasksCompleted.inc();
              return presentTask(updated);
            }
            if (expectedVersions) {
              const latest = await findOwned(ownerId, id);
              if (!latest) throw errors.notFound('No such task.');
              throw errors.preconditionFailed(latest.version);
            }
          }
          throw errors.preconditionFailed((await findOwned(ownerId, id))?.version ?? 0);
        },
        { waitMs: lockWaitMs },
      );
    },

    /**
     * Applies one operation to many of the owner's tasks: one write filtered by the ids and the
     * owner, then one read that tells, per id in request order, what happened. Another user's
     * task is `not_found`, exactly like a task that does not exist, and is never written. The
     * tasks' locks are held throughout, so single edits and the bulk write do not interleave.
     */
    async bulk(ownerId: string, ids: string[], operation: BulkOperation): Promise<BulkResult[]> {
      const owner = new Types.ObjectId(ownerId);
      const objectIds = ids.map((id) => new Types.ObjectId(id));
      const results = await withLocks(
        redis,
        ids.map(lockKey),
        async () => {
          if (operation.type === 'delete') return bulkDelete(owner, objectIds);
          return bulkChange(owner, objectIds, operation, Date.now());
        },
        { waitMs: lockWaitMs },
      );
      return ids.map((id) => ({ id, ...(results.get(id.toLowerCase()) ?? NOT_FOUND) }));
    },

    async remove(ownerId: string, id: string): Promise<void> {
      const result = await tasks.deleteOne({
        _id: new Types.ObjectId(id),
        owner: new Types.ObjectId(ownerId),
      });
      if (result.deletedCount === 0) throw errors.notFound('No such task.');
      metrics.tasksDeleted.inc();
    },

    async stats(ownerId: string, timeZone: string | undefined, now = new Date()) {
      const owner = new Types.ObjectId(ownerId);
      const today = dayBounds(now, timeZone);
      const [groups, overdue, dueToday, completedLast7Days] = await Promise.all([
        tasks.aggregate<{ _id: { status: string; priority: string }; count: number }>([
          { $match: { owner } },
          { $group: { _id: { status: '$status', priority: '$priority' }, count: { $sum: 1 } } },
        ]),
        tasks.countDocuments({ owner, status: { $ne: 'done' }, dueDate: { $lt: now } }),
        tasks.countDocuments({
          owner,
          status: { $ne: 'done' },
          dueDate: { $gte: today.start, $lt: today.end },
        }),
        tasks.countDocuments({
          owner,
          completedAt: { $gte: new Date(now.getTime() - 7 * DAY_MS) },
        }),
      ]);
      const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<
        (typeof STATUSES)[number],
        number
      >;
      const byPriority = Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<
        (typeof PRIORITIES)[number],
        number
      >;
      let total = 0;
      for (const group of groups) {
        const { status, priority } = group._id;
        if (status in byStatus) byStatus[status as keyof typeof byStatus] += group.count;
        if (priority in byPriority) byPriority[priority as keyof typeof byPriority] += group.count;
        total += group.count;
      }
      return { total, byStatus, byPriority, overdue, dueToday, completedLast7Days };
    },
  };
}

export type TaskService = ReturnType<typeof createTaskService>;
