// Task use cases. Every function takes the owner's id first, so a query can never forget it.
import { Types, type QueryFilter } from 'mongoose';
import type Redis from 'ioredis';
import { derivedId } from '../platform/derived-id';
import { errors } from '../platform/errors';
import { withLock, withLocks } from '../platform/lock';
import type { Metrics } from '../platform/metrics';
import { isDuplicateKey } from '../platform/mongo';
import { rankBetween } from '../platform/rank';
import { isPending, type ReminderQueue, type ScheduleEntry } from '../reminders/queue';
import { afterPosition, decodeCursor, encodeCursor, sortSpec } from './cursor';
import {
  NO_DUE_DATE,
  PRIORITIES,
  PRIORITY_RANK,
  STATUSES,
  type StoredRecurrence,
  type TaskDocument,
  type TaskModel,
} from './model';
import { presentTask, TASK_PROJECTION, type StoredTask, type TaskView } from './presenter';
import { localTimeOf, nextOccurrence, successorRule } from './recurrence';
import {
  MAX_TAGS,
  type BulkOperation,
  type BulkOutcome,
  type CreateTaskInput,
  type ImportTaskInput,
  type ListTasksQuery,
  type MoveTaskInput,
  type StatsQuery,
  type RecurrenceInput,
  type UpdateTaskInput,
} from './schemas';
import { localDays, type LocalDay } from './time-zone';
import type { ProjectModel } from '../projects/model';
import {
  assignableProjects,
  NOT_ASSIGNABLE,
  projectFilter,
  storedProject,
} from '../projects/service';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const DAY_MS = 86_400_000;
const UPDATE_ATTEMPTS = 5;
const lockKey = (id: string) => `judix:lock:task:${id.toLowerCase()}`;
/** Moves into one column (the owner's tasks of one project and status) run one at a time. */
const columnLockKey = (owner: Types.ObjectId, project: Types.ObjectId | null, status: string) =>
  `judix:lock:column:${owner.toHexString()}:${project?.toHexString() ?? 'inbox'}:${status}`;

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
function bulkUpdate(operation: BulkChange, owner: Types.ObjectId, now: Date) {
  const touched = { updatedAt: now };
  switch (operation.type) {
    case 'setProject': {
      const project = storedProject(owner.toHexString(), operation.projectId);
      return {
        filter: { project: { $ne: project } },
        update: { $set: { ...touched, project } },
      };
    }
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
        // A repeating task keeps its due date: without one it could not repeat.
        filter: { dueDate: { $ne: dueDate }, ...(dueDate === null ? { recurrence: null } : {}) },
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
const taskIdFor = (ownerId: string, idempotencyKey: string) =>
  derivedId(`${ownerId}\n${idempotencyKey}`);

/** The id of a repeating task's next occurrence: completing it again never makes a second one. */
const successorIdOf = (taskId: Types.ObjectId) => derivedId(`successor\n${taskId.toHexString()}`);

/**
 * The rule as stored, with the series' time of day taken from the due date; a repeating task
 * without a due date is a 422.
 */
function storedRecurrence(
  rule: RecurrenceInput | StoredRecurrence | null,
  dueDate: Date | null,
): StoredRecurrence | null {
  if (!rule) return null;
  if (!dueDate) throw errors.repeatNeedsDueDate();
  const defined = Object.fromEntries(Object.entries(rule).filter(([, v]) => v !== undefined));
  return {
    ...defined,
    until: rule.until === null ? null : new Date(rule.until),
    localTime: localTimeOf(dueDate, rule.timeZone),
  } as StoredRecurrence;
}

type Occurrence = Pick<
  TaskDocument,
  | '_id'
  | 'project'
  | 'title'
  | 'description'
  | 'priority'
  | 'tags'
  | 'dueDate'
  | 'recurrence'
  | 'remindAt'
>;

/** What the reminder schedule reads of a task. */
const REMINDER_FIELDS = { remindAt: 1, remindedAt: 1, status: 1 } as const;

/** The next occurrence's reminder: as long before its due date as the last one's was. */
function successorReminder(task: Occurrence, dueDate: Date): Date | null {
  if (!task.remindAt || !task.dueDate) return null;
  return new Date(dueDate.getTime() - (task.dueDate.getTime() - task.remindAt.getTime()));
}

function derivedFields(fields: Partial<Pick<TaskDocument, 'title' | 'priority' | 'dueDate'>>) {
  return {
    ...(fields.title !== undefined ? { titleSort: fields.title.toLowerCase() } : {}),
    ...(fields.priority !== undefined ? { priorityRank: PRIORITY_RANK[fields.priority] } : {}),
    ...(fields.dueDate !== undefined ? { dueSort: fields.dueDate ?? NO_DUE_DATE } : {}),
  };
}

/** The stored form of a new task. */
function newTask(
  owner: Types.ObjectId,
  input: ImportTaskInput,
  now: Date,
  project: Types.ObjectId | null,
) {
  const dueDate = input.dueDate ? new Date(input.dueDate) : null;
  const fields = {
    title: input.title,
    description: input.description ?? '',
    status: input.status ?? 'todo',
    priority: input.priority ?? 'medium',
    dueDate,
    tags: input.tags ?? [],
    recurrence: storedRecurrence(input.recurrence ?? null, dueDate),
  };
  const remindAt = input.remindAt ? new Date(input.remindAt) : null;
  const done = fields.status === 'done';
  return {
    ...fields,
    ...derivedFields(fields),
    owner,
    project,
    completedAt: done ? (input.completedAt ? new Date(input.completedAt) : now) : null,
    remindAt,
    remindedAt: null,
    // Last in its column.
    rank: now.getTime(),
    version: 1,
    createdAt: input.createdAt ? new Date(input.createdAt) : now,
    updatedAt: now,
  };
}

/** The dashboard's day series: days completed up to today, days due from today. */
const COMPLETED_DAYS = 30;
const DUE_DAYS = 7;

/** How many of the instants fall on each of the consecutive days; one outside them all counts nowhere. */
function countByDay(days: LocalDay[], instants: Date[]) {
  const counts = days.map(() => 0);
  for (const instant of instants) {
    const index = days.findIndex((day) => instant < day.end);
    if (index !== -1 && instant >= days[index]!.start) counts[index]! += 1;
  }
  return days.map((day, index) => ({ date: day.date, count: counts[index]! }));
}

/** Tasks an export reads from the database at a time. */
const EXPORT_BATCH = 500;
/** Tasks an import writes at a time. */
const IMPORT_BATCH = 1000;
/** Pending reminders a schedule rebuild reads at a time. */
const REMINDER_BATCH = 500;
/** Tasks given a rank, or renumbered, in one write. */
const RANK_BATCH = 500;
/** The distance between neighbours in a renumbered column: room for many moves between them. */
const RANK_STEP = 1024;

export interface TaskServiceOptions {
  /** The projects a task may name. */
  projects: ProjectModel;
  /** How long a write waits for another write to the same task: at most the request budget. */
  lockWaitMs: number;
  /** The reminder schedule, kept in step with every write. */
  reminders: ReminderQueue;
}

/** A reminder that has fired: the task as it is now, and whose it is. */
export interface FiredReminder {
  ownerId: string;
  task: TaskView;
  /** When it was due. */
  remindAt: Date;
}

export function createTaskService(
  tasks: TaskModel,
  redis: Redis,
  metrics: Metrics,
  { projects, lockWaitMs, reminders }: TaskServiceOptions,
) {
  /**
   * The task if it exists and belongs to the owner. It is looked up by `_id` alone and the owner
   * compared here: FerretDB v1 serves only a lone `_id` filter from its index and scans the whole
   * collection for anything more, while MongoDB answers both forms from the `_id` index.
   */
  async function findOwned(ownerId: string, id: string): Promise<StoredTask | null> {
    const task = await tasks.findById(id, TASK_PROJECTION).lean<StoredTask>();
    return task && task.owner.equals(ownerId) ? task : null;
  }

  /**
   * What a task stores for the project a request names: null for the Inbox, else the project,
   * which must be the owner's and not archived (a 422 naming the field, another user's project
   * included, so nothing tells it from one that does not exist).
   */
  async function projectFor(ownerId: string, projectId: string, path = 'projectId') {
    const assignable = await assignableProjects(projects, ownerId, [projectId]);
    if (!assignable.has(projectId.toLowerCase())) {
      throw errors.invalidReference(path, NOT_ASSIGNABLE);
    }
    return storedProject(ownerId, projectId);
  }

  /**
   * Creates the next occurrence of each completed repeating task, unless it exists: its id comes
   * from the completed task's, so a retry, a second completion or a bulk completion never makes
   * a second one.
   */
  async function ensureSuccessors(owner: Types.ObjectId, completed: Occurrence[]) {
    const now = new Date();
    const successors = [];
    for (const task of completed) {
      const rule = task.recurrence;
      if (!rule || !task.dueDate) continue;
      const localTime = rule.localTime ?? localTimeOf(task.dueDate, rule.timeZone);
      const dueDate = nextOccurrence(rule, task.dueDate, localTime);
      if (!dueDate) continue;
      const fields = {
        title: task.title,
        description: task.description,
        status: 'todo' as const,
        priority: task.priority,
        dueDate,
        tags: task.tags,
      };
      successors.push({
        _id: successorIdOf(task._id),
        ...fields,
        ...derivedFields(fields),
        recurrence: { ...successorRule(rule), localTime },
        owner,
        project: task.project ?? null,
        completedAt: null,
        remindAt: successorReminder(task, dueDate),
        remindedAt: null,
        rank: now.getTime(),
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
    }
    if (successors.length === 0) return;
    try {
      const created = await tasks.insertMany(successors, { ordered: false, lean: true });
      metrics.tasksCreated.inc(created.length);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const { insertedCount } = error as { insertedCount?: number };
      metrics.tasksCreated.inc(insertedCount ?? 0);
    }
    // A successor that existed already is scheduled again: firing checks the database.
    await reminders.track(successors);
    metrics.remindersScheduled.inc(successors.filter((task) => task.remindAt).length);
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
    await reminders.forget(ownedIds.map((id) => id.toHexString()));
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
    const { filter, update } = bulkUpdate(operation, owner, now);
    await tasks.updateMany(
      { _id: { $in: ids }, owner, ...filter },
      { ...update, $inc: { version: 1 } },
    );
    const after = await tasks
      .find(
        { _id: { $in: ids }, owner },
        {
          project: 1,
          tags: 1,
          updatedAt: 1,
          recurrence: 1,
          dueDate: 1,
          title: 1,
          description: 1,
          priority: 1,
          ...REMINDER_FIELDS,
        },
      )
      .lean<(Occurrence & Pick<TaskDocument, 'status' | 'updatedAt' | 'remindedAt'>)[]>();
    const outcomes: Outcomes = new Map();
    const changed = after.filter((task) => task.updatedAt.getTime() === now.getTime());
    await reminders.track(changed);
    for (const task of after) {
      const id = task._id.toHexString();
      if (changed.includes(task)) {
        outcomes.set(id, { status: 'updated' });
      } else if (operation.type === 'setDue' && operation.dueAt === null && task.recurrence) {
        outcomes.set(id, { status: 'rejected', reason: 'a repeating task needs a due date' });
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
      metrics.tasksCompleted.inc(changed.length);
      await ensureSuccessors(
        owner,
        after.filter((task) => task.status === 'done'),
      );
    }
    const moved = changed.filter((task) => task.recurrence).map((task) => task._id);
    if (operation.type === 'setDue' && moved.length > 0) {
      // The series' time of day follows the new due date.
      await tasks.updateMany(
        { _id: { $in: moved }, owner },
        { $unset: { 'recurrence.localTime': 1 } },
      );
    }
    return outcomes;
  }

  /**
   * Applies a partial update. With `expectedVersions` (from If-Match) a stale version is a 412;
   * without, the update is applied to whatever version is current (compare-and-set, retried).
   */
  async function update(
    ownerId: string,
    id: string,
    patch: UpdateTaskInput,
    expectedVersions?: number[],
    rank?: number,
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
          const { dueDate, recurrence, remindAt, projectId, ...plain } = patch;
          const set: Partial<TaskDocument> = { ...plain, updatedAt: now };
          if (rank !== undefined) set.rank = rank;
          if (projectId !== undefined) set.project = await projectFor(ownerId, projectId);
          if (remindAt !== undefined) {
            set.remindAt = remindAt === null ? null : new Date(remindAt);
            // A reminder moved to another time fires again; one given the same time does not.
            if (set.remindAt?.getTime() !== current.remindAt?.getTime()) set.remindedAt = null;
          }
          if (dueDate !== undefined) set.dueDate = dueDate === null ? null : new Date(dueDate);
          if (dueDate !== undefined || recurrence !== undefined) {
            set.recurrence = storedRecurrence(
              recurrence !== undefined ? recurrence : (current.recurrence ?? null),
              set.dueDate !== undefined ? set.dueDate : current.dueDate,
            );
          }
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
            .lean<StoredTask & Pick<TaskDocument, 'owner'>>();
          if (updated) {
            if (completing) metrics.tasksCompleted.inc();
            await reminders.track([updated]);
            if (current.remindAt && !updated.remindAt) await reminders.forget([id.toLowerCase()]);
            if (set.remindAt && set.remindedAt === null) metrics.remindersScheduled.inc();
            // Also when it was done already: a retry creates the next occurrence if the
            // first attempt stopped before it.
            if (patch.status === 'done') await ensureSuccessors(updated.owner, [updated]);
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
  }

  /**
   * Gives the owner's tasks stored before ranks existed the rank they are shown with (their
   * creation time), so that they can be sorted and moved. A write per batch that changes nothing a
   * client sees (no version grows), safe to stop anywhere and run again; once none is left it is
   * one read.
   */
  async function rankUnranked(owner: Types.ObjectId) {
    for (;;) {
      const batch = await tasks
        .find({ owner, rank: null }, { createdAt: 1 })
        .limit(RANK_BATCH)
        .lean<Pick<TaskDocument, '_id' | 'createdAt'>[]>();
      if (batch.length === 0) return;
      await tasks.bulkWrite(
        batch.map((task) => ({
          updateOne: {
            filter: { _id: task._id, rank: null },
            update: { $set: { rank: task.createdAt.getTime() } },
          },
        })),
      );
      if (batch.length < RANK_BATCH) return;
    }
  }

  type Ranked = Pick<TaskDocument, '_id' | 'rank'>;

  /** The task next to `from` in the column, going `direction` (1: after it, -1: before it). */
  async function nextInColumn(
    column: QueryFilter<TaskDocument>,
    from: Ranked | undefined,
    direction: 1 | -1,
  ): Promise<Ranked | undefined> {
    const op = direction === 1 ? '$gt' : '$lt';
    const after = from
      ? { $or: [{ rank: { [op]: from.rank } }, { rank: from.rank, _id: { [op]: from._id } }] }
      : {};
    const [found] = await tasks
      .find({ ...column, ...after }, { rank: 1 })
      .sort({ rank: direction, _id: direction })
      .limit(1)
      .lean<Ranked[]>();
    return found;
  }

  /**
   * Gives the column's tasks ranks RANK_STEP apart, in their order with the moving task put at
   * `index`, and answers the moving task's rank: when halving left no number between two cards.
   */
  async function renumber(
    column: QueryFilter<TaskDocument>,
    moving: Types.ObjectId,
    index: number,
  ): Promise<number> {
    const order = (
      await tasks
        .find(column, { _id: 1 })
        .sort({ rank: 1, _id: 1 })
        .lean<{ _id: Types.ObjectId }[]>()
    ).map((task) => task._id);
    order.splice(index, 0, moving);
    for (let start = 0; start < order.length; start += RANK_BATCH) {
      await tasks.bulkWrite(
        order.slice(start, start + RANK_BATCH).map((_id, offset) => ({
          updateOne: { filter: { _id }, update: { $set: { rank: (start + offset) * RANK_STEP } } },
        })),
      );
    }
    return index * RANK_STEP;
  }

  /**
   * Puts the task right before or after another task of a column, or first or last in it: the
   * column of its project and `status` (its own when absent; a new status is applied as a PATCH
   * applies it). The target column's lock is held from reading the neighbours to writing the
   * rank, so cards moved into one column at the same time each land where they were put.
   */
  async function move(ownerId: string, id: string, input: MoveTaskInput): Promise<TaskView> {
    const task = await findOwned(ownerId, id);
    if (!task) throw errors.notFound('No such task.');
    const owner = new Types.ObjectId(ownerId);
    const project = task.project ?? null;
    const status = input.status ?? task.status;
    const column = { owner, project, status, _id: { $ne: task._id } };
    const field = 'before' in input ? 'before' : 'after';
    const anchorId = 'before' in input ? input.before : input.after;
    return withLock(
      redis,
      columnLockKey(owner, project, status),
      async () => {
        await rankUnranked(owner);
        let anchor: Ranked | undefined;
        if (anchorId !== null) {
          const found = await tasks
            .findById(anchorId, { owner: 1, project: 1, status: 1, rank: 1 })
            .lean<Ranked & Pick<TaskDocument, 'owner' | 'project' | 'status'>>();
          const inColumn =
            found &&
            found.owner.equals(owner) &&
            (found.project?.toHexString() ?? null) === (project?.toHexString() ?? null) &&
            found.status === status &&
            !found._id.equals(task._id);
          if (!inColumn) {
            throw errors.invalidReference(field, 'is not another task of that project and status');
          }
          anchor = found;
        }
        // `nextInColumn` from no card at all finds the last card going back, the first going on.
        const [previous, next] =
          field === 'before'
            ? [await nextInColumn(column, anchor, -1), anchor]
            : [anchor, await nextInColumn(column, anchor, 1)];
        let rank = rankBetween(previous?.rank, next?.rank);
        if (rank === undefined) {
          // Both neighbours exist when no number fits between them.
          const { rank: nextRank, _id: nextId } = next!;
          const index = await tasks.countDocuments({
            ...column,
            $or: [{ rank: { $lt: nextRank } }, { rank: nextRank, _id: { $lt: nextId } }],
          });
          rank = await renumber(column, task._id, index);
        }
        return update(ownerId, id, input.status ? { status: input.status } : {}, undefined, rank);
      },
      { waitMs: lockWaitMs },
    );
  }

  async function list(ownerId: string, query: ListTasksQuery, now = new Date()) {
    const spec = sortSpec(query.sort);
    if (spec.field === 'rank') await rankUnranked(new Types.ObjectId(ownerId));
    const clauses: QueryFilter<TaskDocument>[] = [{ owner: new Types.ObjectId(ownerId) }];
    if (query.project) clauses.push(projectFilter(ownerId, query.project));
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
  }

  return {
    list,

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
      const project =
        input.projectId === undefined ? null : await projectFor(ownerId, input.projectId);
      const document = newTask(new Types.ObjectId(ownerId), input, new Date(), project);
      const _id = idempotencyKey === undefined ? undefined : taskIdFor(ownerId, idempotencyKey);
      let task: unknown;
      try {
        [task] = await tasks.insertMany([{ ...(_id ? { _id } : {}), ...document }], { lean: true });
      } catch (error) {
        const existing = _id && isDuplicateKey(error) && (await findOwned(ownerId, _id.toString()));
        if (existing) return presentTask(existing);
        throw error;
      }
      metrics.tasksCreated.inc();
      if (document.status === 'done') metrics.tasksCompleted.inc();
      await reminders.track([task as StoredTask]);
      if (document.remindAt) metrics.remindersScheduled.inc();
      return presentTask(task as StoredTask);
    },

    /** Which of the project ids an import's rows name can take tasks: see assignableProjects. */
    assignableProjects: (ownerId: string, ids: readonly string[]) =>
      assignableProjects(projects, ownerId, ids),

    /**
     * Writes imported tasks. With an idempotency key each task's id comes from the key and its
     * position, so a retried upload writes only what the first attempt did not. When a write
     * fails and `atomic` is set, the tasks this attempt wrote are deleted again (best effort:
     * the answer is a 503 either way, and a retry with the key finishes the job). A row naming
     * a project that cannot take it fails the whole import: the caller leaves such rows out.
     */
    async importTasks(
      ownerId: string,
      rows: ImportTaskInput[],
      { idempotencyKey, atomic }: { idempotencyKey?: string; atomic: boolean },
    ): Promise<void> {
      const owner = new Types.ObjectId(ownerId);
      const now = new Date();
      const named = rows.flatMap((row) => (row.projectId === undefined ? [] : [row.projectId]));
      const assignable = await assignableProjects(projects, ownerId, named);
      if (named.some((id) => !assignable.has(id.toLowerCase()))) {
        throw errors.invalidReference('projectId', NOT_ASSIGNABLE);
      }
      // With a key, the ids share a prefix from the key and end in the row's position, so they
      // are the same on a retry and keep the file's order among tasks created at the same time.
      const prefix =
        idempotencyKey === undefined
          ? undefined
          : taskIdFor(ownerId, `${idempotencyKey}\nimport`).toHexString().slice(0, 16);
      const documents = rows.map((row, index) => ({
        _id:
          prefix === undefined
            ? new Types.ObjectId()
            : new Types.ObjectId(`${prefix}${index.toString(16).padStart(8, '0')}`),
        ...newTask(
          owner,
          row,
          now,
          row.projectId === undefined ? null : storedProject(ownerId, row.projectId),
        ),
        // Last in their columns, in the file's order.
        rank: now.getTime() + index,
      }));
      try {
        for (let start = 0; start < documents.length; start += IMPORT_BATCH) {
          const batch = documents.slice(start, start + IMPORT_BATCH);
          try {
            await tasks.insertMany(batch, { ordered: false, lean: true });
            metrics.tasksCreated.inc(batch.length);
          } catch (error) {
            if (!isDuplicateKey(error)) throw error;
            metrics.tasksCreated.inc((error as { insertedCount?: number }).insertedCount ?? 0);
          }
          await reminders.track(batch);
          metrics.remindersScheduled.inc(batch.filter((task) => task.remindAt).length);
        }
      } catch (error) {
        if (atomic) {
          const ids = documents.map((document) => document._id);
          await tasks.deleteMany({ _id: { $in: ids }, owner }).catch(() => undefined);
        }
        throw error;
      }
    },

    /**
     * Every task of the owner, oldest first, from one cursor read in batches, so that memory
     * stays that of one batch (one query: FerretDB sorts the owner's tasks once). The first task
     * is read before this resolves, so an unreachable database is a 503 rather than a response
     * cut short.
     */
    async exportTasks(ownerId: string, project?: string): Promise<AsyncIterable<TaskView>> {
      const scope = project === undefined ? {} : projectFilter(ownerId, project);
      const cursor = tasks
        .find({ owner: new Types.ObjectId(ownerId), ...scope }, TASK_PROJECTION)
        .sort({ createdAt: 1, _id: 1 })
        .lean<StoredTask>()
        .cursor({ batchSize: EXPORT_BATCH });
      const first = await cursor.next();
      return (async function* read() {
        try {
          for (let task = first; task !== null; task = await cursor.next()) {
            yield presentTask(task);
          }
        } finally {
          await cursor.close();
        }
      })();
    },

    update,
    move,

    /**
     * Applies one operation to many of the owner's tasks: one write filtered by the ids and the
     * owner, then one read that tells, per id in request order, what happened. Another user's
     * task is `not_found`, exactly like a task that does not exist, and is never written. The
     * tasks' locks are held throughout, so single edits and the bulk write do not interleave.
     */
    async bulk(ownerId: string, ids: string[], operation: BulkOperation): Promise<BulkResult[]> {
      if (operation.type === 'setProject') {
        await projectFor(ownerId, operation.projectId, 'operation.projectId');
      }
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
      await reminders.forget([id.toLowerCase()]);
    },

    /**
     * Fires the task's reminder if it is due and pending: sets `remindedAt` (a new version) under
     * the task's lock, so an edit cannot slip between the check and the write. A reminder that
     * was moved later goes back on the schedule; one cleared, fired, or of a done task or a
     * deleted one is dropped. Null when nothing fired.
     */
    async fireReminder(id: string, now = new Date()): Promise<FiredReminder | null> {
      return withLock(
        redis,
        lockKey(id),
        async () => {
          const task = await tasks
            .findById(id, { ...TASK_PROJECTION, owner: 1 })
            .lean<StoredTask & Pick<TaskDocument, 'owner'>>();
          if (!task || !isPending(task)) return null;
          if (task.remindAt > now) {
            await reminders.schedule([{ id, at: task.remindAt }]);
            return null;
          }
          const fired = await tasks
            .findOneAndUpdate(
              { _id: task._id, version: task.version },
              { $set: { remindedAt: now }, $inc: { version: 1 } },
              { returnDocument: 'after' },
            )
            .lean<StoredTask>();
          if (!fired) return null;
          return {
            ownerId: task.owner.toHexString(),
            task: presentTask(fired),
            remindAt: task.remindAt,
          };
        },
        { waitMs: lockWaitMs },
      );
    },

    /**
     * Every pending reminder, handed to `take` a batch at a time: what a rebuild of the
     * schedule puts back (a full read; FerretDB v1 scans the collection for it).
     */
    async pendingReminders(take: (batch: ScheduleEntry[]) => Promise<void>) {
      const cursor = tasks
        .find(
          { remindAt: { $ne: null }, remindedAt: null, status: { $ne: 'done' } },
          { _id: 1, remindAt: 1 },
        )
        .lean<Pick<TaskDocument, '_id' | 'remindAt'>>()
        .cursor({ batchSize: REMINDER_BATCH });
      let batch: ScheduleEntry[] = [];
      try {
        for (let task = await cursor.next(); task !== null; task = await cursor.next()) {
          batch.push({ id: task._id.toHexString(), at: task.remindAt! });
          if (batch.length === REMINDER_BATCH) {
            await take(batch);
            batch = [];
          }
        }
        if (batch.length > 0) await take(batch);
      } finally {
        await cursor.close();
      }
    },

    async stats(ownerId: string, { tz: timeZone, project }: StatsQuery, now = new Date()) {
      const scope = {
        owner: new Types.ObjectId(ownerId),
        ...(project === undefined ? {} : projectFilter(ownerId, project)),
      };
      const completedDays = localDays(now, timeZone, 1 - COMPLETED_DAYS, COMPLETED_DAYS);
      const dueDays = localDays(now, timeZone, 0, DUE_DAYS);
      // Each series is one find bounded by its window that reads a single date per task, counted
      // by day here: FerretDB v1 implements neither $dateToString nor $dateTrunc.
      const [groups, overdue, completed, due] = await Promise.all([
        tasks.aggregate<{ _id: { status: string; priority: string }; count: number }>([
          { $match: scope },
          { $group: { _id: { status: '$status', priority: '$priority' }, count: { $sum: 1 } } },
        ]),
        tasks.countDocuments({ ...scope, status: { $ne: 'done' }, dueDate: { $lt: now } }),
        tasks
          .find(
            {
              ...scope,
              completedAt: { $gte: completedDays[0]!.start, $lt: completedDays.at(-1)!.end },
            },
            { _id: 0, completedAt: 1 },
          )
          .lean<{ completedAt: Date }[]>(),
        tasks
          .find(
            {
              ...scope,
              status: { $ne: 'done' },
              dueDate: { $gte: dueDays[0]!.start, $lt: dueDays.at(-1)!.end },
            },
            { _id: 0, dueDate: 1 },
          )
          .lean<{ dueDate: Date }[]>(),
      ]);
      const completedAt = completed.map((task) => task.completedAt);
      const weekAgo = now.getTime() - 7 * DAY_MS;
      const completedByDay = countByDay(completedDays, completedAt);
      const dueByDay = countByDay(
        dueDays,
        due.map((task) => task.dueDate),
      );
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
      return {
        total,
        byStatus,
        byPriority,
        overdue,
        dueToday: dueByDay[0]!.count,
        completedLast7Days: completedAt.filter((at) => at.getTime() >= weekAgo).length,
        completedByDay,
        dueByDay,
      };
    },
  };
}

export type TaskService = ReturnType<typeof createTaskService>;
