// Project use cases. Every function takes the owner's id first, like the task use cases. The
// Inbox is an ordinary project document with an id derived from its owner's, created the first
// time any project use case runs for that owner; a task in the Inbox stores no project at all, so
// tasks written before projects existed are in the Inbox without a migration.
import { Types } from 'mongoose';
import type Redis from 'ioredis';
import { errors } from '../platform/errors';
import { withLock } from '../platform/lock';
import type { Metrics } from '../platform/metrics';
import { isDuplicateKey } from '../platform/mongo';
import type { ReminderQueue } from '../reminders/queue';
import type { TaskDocument, TaskModel } from '../tasks/model';
import { inboxIdOf, INBOX_NAME, nameKeyOf, type ProjectDocument, type ProjectModel } from './model';
import { presentProject, type ProjectView } from './presenter';
import { insertionIndex, rankBetween, type Placement } from '../platform/rank';
import {
  DELETE_BATCH,
  MAX_PROJECTS,
  type CreateProjectInput,
  type DeleteMode,
  type UpdateProjectInput,
} from './schemas';

/** Project writes of one owner run one at a time: the limit, names and order are the owner's. */
const lockKey = (ownerId: string) => `judix:lock:projects:${ownerId.toLowerCase()}`;
const ORDER = { rank: 1, _id: 1 } as const;

/**
 * Which of the ids name projects of the owner that can take tasks (theirs, not archived), as
 * lower-case hex; the Inbox always can, whether or not its document exists yet.
 */
export async function assignableProjects(
  projects: ProjectModel,
  ownerId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  const inbox = inboxIdOf(ownerId).toHexString();
  const wanted = [...new Set(ids.map((id) => id.toLowerCase()))].filter((id) => id !== inbox);
  const found =
    wanted.length === 0
      ? []
      : await projects
          .find(
            { _id: { $in: wanted.map((id) => new Types.ObjectId(id)) } },
            { owner: 1, archived: 1 },
          )
          .lean<Pick<ProjectDocument, '_id' | 'owner' | 'archived'>[]>();
  const usable = found.filter((project) => project.owner.equals(ownerId) && !project.archived);
  return new Set([inbox, ...usable.map((project) => project._id.toHexString())]);
}

/** What a task stores for a project it is placed in: null for the Inbox. */
export const storedProject = (ownerId: string, projectId: string) =>
  projectId.toLowerCase() === inboxIdOf(ownerId).toHexString()
    ? null
    : new Types.ObjectId(projectId);

/** The filter on tasks that selects those of one project; the Inbox's store none. */
export const projectFilter = (ownerId: string, projectId: string) => ({
  project: storedProject(ownerId, projectId),
});

export const NOT_ASSIGNABLE = 'is not one of your projects, or is archived';

interface Options {
  /** How long a write waits for another write to the same owner's projects. */
  lockWaitMs: number;
  reminders: ReminderQueue;
}

export function createProjectService(
  projects: ProjectModel,
  tasks: TaskModel,
  redis: Redis,
  metrics: Metrics,
  { lockWaitMs, reminders }: Options,
) {
  const locked = <T>(ownerId: string, work: () => Promise<T>) =>
    withLock(redis, lockKey(ownerId), work, { waitMs: lockWaitMs });

  /** The owner's projects in order, the Inbox created first if it does not exist yet. */
  async function all(ownerId: string): Promise<ProjectDocument[]> {
    const owner = new Types.ObjectId(ownerId);
    const found = await projects.find({ owner }).sort(ORDER).lean<ProjectDocument[]>();
    const inboxId = inboxIdOf(owner);
    if (found.some((project) => project._id.equals(inboxId))) return found;
    const now = new Date();
    const inbox: ProjectDocument = {
      _id: inboxId,
      owner,
      name: INBOX_NAME,
      nameKey: nameKeyOf(INBOX_NAME),
      color: 'grey',
      rank: Math.min(0, ...found.map((project) => project.rank - 1)),
      archived: false,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await projects.insertMany([inbox], { lean: true });
    } catch (error) {
      // Another request created it first.
      if (!isDuplicateKey(error)) throw error;
      return projects.find({ owner }).sort(ORDER).lean<ProjectDocument[]>();
    }
    return [inbox, ...found];
  }

  /** The project if it exists and is the owner's, looked up by `_id` alone (as tasks are). */
  async function findOwned(ownerId: string, id: string): Promise<ProjectDocument | null> {
    const project = await projects.findById(id).lean<ProjectDocument>();
    return project && project.owner.equals(ownerId) ? project : null;
  }

  async function owned(ownerId: string, id: string): Promise<ProjectDocument> {
    const inbox = inboxIdOf(ownerId);
    const project = await findOwned(ownerId, id);
    if (project) return project;
    if (inbox.equals(id.toLowerCase())) {
      const created = (await all(ownerId)).find((candidate) => candidate._id.equals(inbox));
      if (created) return created;
    }
    throw errors.notFound('No such project.');
  }

  function refuseTakenName(siblings: ProjectDocument[], name: string, self?: Types.ObjectId) {
    const key = nameKeyOf(name);
    if (
      siblings.some((project) => project.nameKey === key && !(self && project._id.equals(self)))
    ) {
      throw errors.projectNameTaken();
    }
  }

  /** A write that a unique name index refused became the same 409 as the check before it. */
  async function namedWrite<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isDuplicateKey(error)) throw errors.projectNameTaken();
      throw error;
    }
  }

  return {
    async list(ownerId: string, archived?: boolean): Promise<ProjectView[]> {
      const found = await all(ownerId);
      return found
        .filter((project) => archived === undefined || project.archived === archived)
        .map(presentProject);
    },

    async get(ownerId: string, id: string): Promise<ProjectView> {
      return presentProject(await owned(ownerId, id));
    },

    /** A new project goes last. */
    async create(ownerId: string, input: CreateProjectInput): Promise<ProjectView> {
      return locked(ownerId, async () => {
        const siblings = await all(ownerId);
        if (siblings.length >= MAX_PROJECTS) throw errors.projectLimit(MAX_PROJECTS);
        refuseTakenName(siblings, input.name);
        const now = new Date();
        const project: ProjectDocument = {
          _id: new Types.ObjectId(),
          owner: new Types.ObjectId(ownerId),
          name: input.name,
          nameKey: nameKeyOf(input.name),
          color: input.color,
          rank: rankBetween(siblings.at(-1)?.rank, undefined)!,
          archived: false,
          version: 1,
          createdAt: now,
          updatedAt: now,
        };
        await namedWrite(() => projects.insertMany([project], { lean: true }));
        return presentProject(project);
      });
    },

    /** With `expectedVersions` (from If-Match) a stale version is a 412, as for tasks. */
    async update(
      ownerId: string,
      id: string,
      patch: UpdateProjectInput,
      expectedVersions?: number[],
    ): Promise<ProjectView> {
      return locked(ownerId, async () => {
        const current = await owned(ownerId, id);
        if (expectedVersions && !expectedVersions.includes(current.version)) {
          throw errors.preconditionFailed(current.version, 'project');
        }
        if (patch.archived && current._id.equals(inboxIdOf(ownerId))) {
          throw errors.inboxProtected('archived');
        }
        const set: Partial<ProjectDocument> = { ...patch, updatedAt: new Date() };
        if (patch.name !== undefined) {
          refuseTakenName(await all(ownerId), patch.name, current._id);
          set.nameKey = nameKeyOf(patch.name);
        }
        const updated = await namedWrite(() =>
          projects
            .findOneAndUpdate(
              { _id: current._id, version: current.version },
              { $set: set, $inc: { version: 1 } },
              { returnDocument: 'after' },
            )
            .lean<ProjectDocument>(),
        );
        if (!updated) throw errors.notFound('No such project.');
        return presentProject(updated);
      });
    },

    /**
     * Puts the project right before or after another of the owner's: one write to the moved
     * project, or a renumbering of the whole list when no rank fits between its new neighbours.
     */
    async move(ownerId: string, id: string, placement: Placement): Promise<ProjectView> {
      return locked(ownerId, async () => {
        const current = await owned(ownerId, id);
        const others = (await all(ownerId)).filter((project) => !project._id.equals(current._id));
        const index = insertionIndex(
          others.map((project) => project._id.toHexString()),
          placement,
        );
        if (index === undefined) {
          const field = 'before' in placement ? 'before' : 'after';
          throw errors.invalidReference(field, 'is not another of your projects');
        }
        let rank = rankBetween(others[index - 1]?.rank, others[index]?.rank);
        if (rank === undefined) {
          const order = [...others.slice(0, index), current, ...others.slice(index)];
          await projects.bulkWrite(
            order.map((project, position) => ({
              updateOne: { filter: { _id: project._id }, update: { $set: { rank: position } } },
            })),
          );
          rank = index;
        }
        const moved = await projects
          .findOneAndUpdate(
            { _id: current._id },
            { $set: { rank, updatedAt: new Date() }, $inc: { version: 1 } },
            { returnDocument: 'after' },
          )
          .lean<ProjectDocument>();
        if (!moved) throw errors.notFound('No such project.');
        return presentProject(moved);
      });
    },

    /**
     * Deletes the project and moves its tasks to the Inbox or deletes them, a batch of them per
     * write, so each write stays within the request budget however many there are. The project
     * is archived first, so no task joins it meanwhile; a retry after a failure half-way finds it
     * archived and finishes the job, and one after a success is a 404. Tasks are swept again
     * once the project is gone, for a write that checked the project just before it was archived.
     */
    async remove(ownerId: string, id: string, mode: DeleteMode): Promise<void> {
      const project = await locked(ownerId, async () => {
        const current = await owned(ownerId, id);
        if (current._id.equals(inboxIdOf(ownerId))) throw errors.inboxProtected('deleted');
        if (!current.archived) {
          await projects.updateOne(
            { _id: current._id },
            { $set: { archived: true, updatedAt: new Date() }, $inc: { version: 1 } },
          );
        }
        return current._id;
      });
      const owner = new Types.ObjectId(ownerId);
      const sweep = async () => {
        for (;;) {
          const batch = await tasks
            .find({ owner, project }, { _id: 1, remindAt: 1 })
            .limit(DELETE_BATCH)
            .lean<Pick<TaskDocument, '_id' | 'remindAt'>[]>();
          if (batch.length === 0) return;
          const filter = { _id: { $in: batch.map((task) => task._id) }, owner, project };
          if (mode === 'move') {
            await tasks.updateMany(filter, {
              $set: { project: null, updatedAt: new Date() },
              $inc: { version: 1 },
            });
          } else {
            const { deletedCount } = await tasks.deleteMany(filter);
            metrics.tasksDeleted.inc(deletedCount);
            await reminders.forget(
              batch.filter((task) => task.remindAt).map((task) => task._id.toHexString()),
            );
          }
          if (batch.length < DELETE_BATCH) return;
        }
      };
      await sweep();
      await projects.deleteOne({ _id: project, owner });
      await sweep();
    },
  };
}

export type ProjectService = ReturnType<typeof createProjectService>;
