import { Types } from 'mongoose';
import { DELETE_BATCH } from '../../src/projects/schemas';
import { startTestApp, type TestApp } from '../support/app';
import { expectIfMatchGuards } from '../support/concurrency';
import { streamsClosedAfterEach } from '../support/sse';
import {
  buildProject,
  createProject,
  createTask,
  registerUser,
  type SignedInUser,
} from '../support/builders';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());
const open = streamsClosedAfterEach();

const inboxOf = async (user: SignedInUser) => {
  const list = await app.client.get('/api/v1/projects', { token: user.token });
  return list.body.data.find((project: { inbox: boolean }) => project.inbox);
};
const namesOf = async (user: SignedInUser) =>
  (await app.client.get('/api/v1/projects', { token: user.token })).body.data.map(
    (project: { name: string }) => project.name,
  );
const titles = (response: { body: { data: { title: string }[] } }) =>
  response.body.data.map((task) => task.title).sort();

describe('the Inbox', () => {
  it('when a new user lists projects, then there is exactly one, the Inbox, even when asked for at once', async () => {
    const user = await registerUser(app.client);
    const lists = await Promise.all(
      Array.from({ length: 5 }, () => app.client.get('/api/v1/projects', { token: user.token })),
    );
    for (const list of lists) {
      expect(list.status).toBe(200);
      expect(list.body.data).toEqual([
        {
          id: expect.stringMatching(/^[0-9a-f]{24}$/),
          name: 'Inbox',
          color: 'grey',
          position: 0,
          archived: false,
          inbox: true,
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
          version: 1,
        },
      ]);
    }
    expect(new Set(lists.map((list) => list.body.data[0].id)).size).toBe(1);
  });

  it('when a task is created without a project, then it is in the Inbox, also for a task stored before projects existed', async () => {
    const user = await registerUser(app.client);
    const task = await createTask(app.client, user);
    // A task written before projects existed has no project field at all.
    const legacy = await createTask(app.client, user, { title: 'legacy' });
    await app.models.tasks.collection.updateOne(
      { _id: new Types.ObjectId(legacy.id) },
      { $unset: { project: '' } },
    );
    const inbox = await inboxOf(user);
    expect(task.projectId).toBe(inbox.id);
    const read = await app.client.get(`/api/v1/tasks/${legacy.id}`, { token: user.token });
    expect(read.body.projectId).toBe(inbox.id);
    const scoped = await app.client.get(`/api/v1/tasks?project=${inbox.id}`, {
      token: user.token,
    });
    expect(titles(scoped)).toEqual([task.title, 'legacy'].sort());
  });

  it('when the Inbox is archived or deleted, then it is a 409 and it stays; renaming and recolouring it work', async () => {
    const user = await registerUser(app.client);
    const inbox = await inboxOf(user);
    const path = `/api/v1/projects/${inbox.id}`;
    const archive = await app.client.patch(path, { token: user.token, body: { archived: true } });
    expect(archive.status).toBe(409);
    expect(archive.body).toMatchObject({
      type: 'urn:judix:problem:inbox-protected',
      errors: [{ path: 'archived', message: expect.any(String) }],
    });
    const remove = await app.client.delete(`${path}?tasks=move`, { token: user.token });
    expect(remove.status).toBe(409);
    expect(remove.body.type).toBe('urn:judix:problem:inbox-protected');
    const renamed = await app.client.patch(path, {
      token: user.token,
      body: { name: 'Eingang', color: 'blue' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Eingang', color: 'blue', inbox: true, version: 2 });
  });

  it('when the Inbox is read before it was ever listed, then it exists', async () => {
    const user = await registerUser(app.client);
    const task = await createTask(app.client, user);
    const read = await app.client.get(`/api/v1/projects/${task.projectId}`, { token: user.token });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ name: 'Inbox', inbox: true });
  });
});

describe('create, read, update', () => {
  let user: SignedInUser;
  beforeAll(async () => {
    user = await registerUser(app.client);
  });

  it('when a project is created, then it is returned trimmed with Location and ETag, and listed last', async () => {
    const response = await app.client.post('/api/v1/projects', {
      token: user.token,
      body: { name: '  Garden  ', color: 'green' },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      name: 'Garden',
      color: 'green',
      archived: false,
      inbox: false,
      version: 1,
    });
    expect(response.headers.get('location')).toBe(`/api/v1/projects/${response.body.id}`);
    expect(response.headers.get('etag')).toBe('"1"');
    const read = await app.client.get(`/api/v1/projects/${response.body.id}`, {
      token: user.token,
    });
    expect(read.body).toEqual(response.body);
    const second = await createProject(app.client, user);
    expect((await namesOf(user)).slice(-2)).toEqual(['Garden', second.name]);
    expect(second.color).toBe('grey');
  });

  it.each([
    ['a missing name', {}],
    ['a blank name', { name: '   ' }],
    ['an over-long name', { name: 'n'.repeat(101) }],
    ['a name with a control character', { name: 'a\u0007b' }],
    ['a colour outside the palette', { name: 'x', color: '#ff0000' }],
    ['an unknown field', { name: 'x', owner: '0'.repeat(24) }],
    ['archived on create', { name: 'x', archived: true }],
    ['an operator object as name', { name: { $gt: '' } }],
  ])('when given %s, then it answers 400 naming the field', async (_label, body) => {
    const response = await app.client.post('/api/v1/projects', { token: user.token, body });
    expect(response.status).toBe(400);
    expect(response.body.type).toBe('urn:judix:problem:invalid-input');
    expect(response.body.errors.length).toBeGreaterThan(0);
  });

  it('when a name is taken, compared without case, then create and rename are 409 naming the field', async () => {
    const first = await createProject(app.client, user, { name: 'Errands' });
    const duplicate = await app.client.post('/api/v1/projects', {
      token: user.token,
      body: { name: ' errANDS ' },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({
      type: 'urn:judix:problem:project-name-taken',
      errors: [{ path: 'name' }],
    });
    const other = await createProject(app.client, user);
    const rename = await app.client.patch(`/api/v1/projects/${other.id}`, {
      token: user.token,
      body: { name: 'ERRANDS' },
    });
    expect(rename.status).toBe(409);
    const ownCase = await app.client.patch(`/api/v1/projects/${first.id}`, {
      token: user.token,
      body: { name: 'errands' },
    });
    expect(ownCase.status).toBe(200);
    expect(ownCase.body.name).toBe('errands');
    const stranger = await registerUser(app.client);
    expect((await createProject(app.client, stranger, { name: 'Errands' })).name).toBe('Errands');
  });

  it('when two creates race with one name, then exactly one succeeds', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        app.client.post('/api/v1/projects', { token: user.token, body: { name: 'Racing' } }),
      ),
    );
    expect(results.map((result) => result.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
  });

  it('when If-Match carries the current version, then it succeeds; when stale, then 412 with the current ETag', async () => {
    const project = await createProject(app.client, user);
    await expectIfMatchGuards(app.client, user.token, `/api/v1/projects/${project.id}`, [
      { color: 'red' },
      { color: 'blue' },
    ]);
  });

  it('when the patch is empty or has unknown fields, then it answers 400', async () => {
    const project = await createProject(app.client, user);
    const path = `/api/v1/projects/${project.id}`;
    expect((await app.client.patch(path, { token: user.token, body: {} })).status).toBe(400);
    const unknown = await app.client.patch(path, { token: user.token, body: { position: 3 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.length).toBeGreaterThan(0);
  });

  it('when a project is archived, then the list can leave it out and it takes no new tasks; restored, it does', async () => {
    const project = await createProject(app.client, user);
    const path = `/api/v1/projects/${project.id}`;
    const task = await createTask(app.client, user, { projectId: project.id });
    await app.client.patch(path, { token: user.token, body: { archived: true } });
    const active = await app.client.get('/api/v1/projects?archived=false', { token: user.token });
    expect(active.body.data.map((p: { id: string }) => p.id)).not.toContain(project.id);
    const archived = await app.client.get('/api/v1/projects?archived=true', { token: user.token });
    expect(archived.body.data.map((p: { id: string }) => p.id)).toEqual([project.id]);
    const refused = await app.client.post('/api/v1/tasks', {
      token: user.token,
      body: { title: 'late', projectId: project.id },
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      type: 'urn:judix:problem:invalid-reference',
      errors: [{ path: 'projectId' }],
    });
    const kept = await app.client.get(`/api/v1/tasks/${task.id}`, { token: user.token });
    expect(kept.body.projectId).toBe(project.id);
    await app.client.patch(path, { token: user.token, body: { archived: false } });
    expect((await createTask(app.client, user, { projectId: project.id })).projectId).toBe(
      project.id,
    );
  });

  it('when an account has the most projects it may, then a create is a 409 that says so', async () => {
    const crowded = await registerUser(app.client);
    await app.client.get('/api/v1/projects', { token: crowded.token });
    const inbox = await inboxOf(crowded);
    const now = new Date();
    await app.models.projects.insertMany(
      Array.from({ length: 99 }, (_, i) => ({
        owner: new Types.ObjectId(crowded.id),
        name: `Bulk ${i}`,
        nameKey: `bulk ${i}`,
        color: 'grey',
        rank: i + 1,
        archived: i % 2 === 0,
        version: 1,
        createdAt: now,
        updatedAt: now,
      })),
    );
    const response = await app.client.post('/api/v1/projects', {
      token: crowded.token,
      body: buildProject(),
    });
    expect(response.status).toBe(409);
    expect(response.body.type).toBe('urn:judix:problem:project-limit-reached');
    expect(response.body.detail).toContain('100');
    expect(inbox.inbox).toBe(true);
  });
});

describe('order', () => {
  it('when projects are moved before, after, first and last, then the list follows', async () => {
    const user = await registerUser(app.client);
    const [a, b, c] = [
      await createProject(app.client, user, { name: 'A' }),
      await createProject(app.client, user, { name: 'B' }),
      await createProject(app.client, user, { name: 'C' }),
    ];
    const move = (id: string, body: unknown) =>
      app.client.post(`/api/v1/projects/${id}/move`, { token: user.token, body });
    const moved = await move(c.id, { before: a.id });
    expect(moved.status).toBe(200);
    expect(moved.body.version).toBe(2);
    expect(await namesOf(user)).toEqual(['Inbox', 'C', 'A', 'B']);
    await move(a.id, { after: null });
    expect(await namesOf(user)).toEqual(['A', 'Inbox', 'C', 'B']);
    await move(a.id, { before: null });
    expect(await namesOf(user)).toEqual(['Inbox', 'C', 'B', 'A']);
    await move(b.id, { after: a.id });
    expect(await namesOf(user)).toEqual(['Inbox', 'C', 'A', 'B']);
  });

  it('when a project keeps moving into the same gap, then the order stays right after the list is renumbered', async () => {
    const user = await registerUser(app.client);
    const a = await createProject(app.client, user, { name: 'A' });
    const b = await createProject(app.client, user, { name: 'B' });
    const c = await createProject(app.client, user, { name: 'C' });
    for (let i = 0; i < 60; i++) {
      const [mover, anchor] = i % 2 === 0 ? [c, a] : [b, a];
      const response = await app.client.post(`/api/v1/projects/${mover.id}/move`, {
        token: user.token,
        body: { after: anchor.id },
      });
      expect(response.status).toBe(200);
    }
    expect(await namesOf(user)).toEqual(['Inbox', 'A', 'B', 'C']);
    const positions = (
      await app.client.get('/api/v1/projects', { token: user.token })
    ).body.data.map((p: { position: number }) => p.position);
    expect(new Set(positions).size).toBe(4);
  });

  it('when the neighbour is the project itself, unknown or malformed, then it is refused', async () => {
    const user = await registerUser(app.client);
    const a = await createProject(app.client, user);
    const stranger = await createProject(app.client, await registerUser(app.client));
    const move = (body: unknown) =>
      app.client.post(`/api/v1/projects/${a.id}/move`, { token: user.token, body });
    for (const neighbour of [a.id, stranger.id]) {
      const response = await move({ after: neighbour });
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual([expect.objectContaining({ path: 'after' })]);
    }
    expect((await move({})).status).toBe(400);
    expect((await move({ before: null, after: null })).status).toBe(400);
    expect((await move({ after: 'x' })).status).toBe(400);
  });
});

describe('isolation between users', () => {
  it("when another user's project is read, changed, moved, deleted or given a task, then it is a 404 or 422 and nothing changes", async () => {
    const owner = await registerUser(app.client);
    const intruder = await registerUser(app.client);
    const project = await createProject(app.client, owner, { name: 'Private' });
    const path = `/api/v1/projects/${project.id}`;
    const token = intruder.token;
    expect((await app.client.get(path, { token })).status).toBe(404);
    expect((await app.client.patch(path, { token, body: { name: 'Mine' } })).status).toBe(404);
    expect((await app.client.post(`${path}/move`, { token, body: { after: null } })).status).toBe(
      404,
    );
    expect((await app.client.delete(`${path}?tasks=delete`, { token })).status).toBe(404);
    const ownerInbox = await inboxOf(owner);
    expect((await app.client.get(`/api/v1/projects/${ownerInbox.id}`, { token })).status).toBe(404);
    expect(await namesOf(intruder)).toEqual(['Inbox']);
    for (const projectId of [project.id, ownerInbox.id]) {
      const create = await app.client.post('/api/v1/tasks', {
        token,
        body: { title: 'sneaky', projectId },
      });
      expect(create.status).toBe(422);
      expect(create.body.errors).toEqual([expect.objectContaining({ path: 'projectId' })]);
    }
    const task = await createTask(app.client, intruder);
    const moveTask = await app.client.patch(`/api/v1/tasks/${task.id}`, {
      token,
      body: { projectId: project.id },
    });
    expect(moveTask.status).toBe(422);
    expect(moveTask.body.errors).toEqual([expect.objectContaining({ path: 'projectId' })]);
    const scoped = await app.client.get(`/api/v1/tasks?project=${project.id}`, { token });
    expect(scoped.body.data).toEqual([]);
    expect((await app.client.get(path, { token: owner.token })).body).toMatchObject({
      name: 'Private',
      version: 1,
    });
  });
});

describe('tasks in projects', () => {
  let user: SignedInUser;
  let work: { id: string };
  let home: { id: string };
  beforeAll(async () => {
    user = await registerUser(app.client);
    work = await createProject(app.client, user, { name: 'Work' });
    home = await createProject(app.client, user, { name: 'Home' });
    await createTask(app.client, user, { title: 'report', projectId: work.id, priority: 'high' });
    await createTask(app.client, user, {
      title: 'review report',
      projectId: work.id.toUpperCase(),
      status: 'done',
    });
    await createTask(app.client, user, { title: 'laundry', projectId: home.id });
    await createTask(app.client, user, { title: 'loose report' });
  });

  it('when the list is scoped to a project, then filters and search stay within it', async () => {
    const list = (query: string) => app.client.get(`/api/v1/tasks?${query}`, { token: user.token });
    expect(titles(await list(`project=${work.id}`))).toEqual(['report', 'review report']);
    expect(titles(await list(`project=${work.id}&q=report&status=todo`))).toEqual(['report']);
    expect(titles(await list(`q=report`))).toEqual(['loose report', 'report', 'review report']);
    const inbox = await inboxOf(user);
    expect(titles(await list(`project=${inbox.id}&q=report`))).toEqual(['loose report']);
    expect((await list('project=nope')).status).toBe(400);
  });

  it('when stats and export are scoped to a project, then they count and carry only its tasks', async () => {
    const stats = await app.client.get(`/api/v1/tasks/stats?project=${work.id}`, {
      token: user.token,
    });
    expect(stats.body).toMatchObject({
      total: 2,
      byStatus: { todo: 1, in_progress: 0, done: 1 },
      byPriority: { high: 1, medium: 1, low: 0 },
    });
    const all = await app.client.get('/api/v1/tasks/stats', { token: user.token });
    expect(all.body.total).toBe(4);
    const json = await app.client.get(`/api/v1/tasks/export?project=${home.id}`, {
      token: user.token,
    });
    expect(json.body.tasks.map((task: { title: string }) => task.title)).toEqual(['laundry']);
    const csv = await app.client.get(`/api/v1/tasks/export?format=csv&project=${work.id}`, {
      token: user.token,
    });
    expect(csv.text.trim().split('\r\n')).toHaveLength(3);
  });

  it('when a task moves to another project, then the cached lists and stats of both show it at once', async () => {
    const task = await createTask(app.client, user, { title: 'mover', projectId: work.id });
    const listOf = (id: string) =>
      app.client.get(`/api/v1/tasks?project=${id}`, { token: user.token });
    const statsOf = (id: string) =>
      app.client.get(`/api/v1/tasks/stats?project=${id}`, { token: user.token });
    expect(titles(await listOf(work.id))).toContain('mover');
    expect((await statsOf(home.id)).body.total).toBe(1);
    const moved = await app.client.patch(`/api/v1/tasks/${task.id}`, {
      token: user.token,
      body: { projectId: home.id },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ projectId: home.id, version: 2 });
    expect(titles(await listOf(work.id))).not.toContain('mover');
    expect(titles(await listOf(home.id))).toContain('mover');
    expect((await statsOf(home.id)).body.total).toBe(2);
    await app.client.patch(`/api/v1/tasks/${task.id}`, {
      token: user.token,
      body: { projectId: (await inboxOf(user)).id },
    });
    expect(titles(await listOf(home.id))).not.toContain('mover');
  });

  it("when tasks are moved to a project in bulk, then they are updated once, the lists follow, and a project not the caller's is a 422", async () => {
    const a = await createTask(app.client, user, { title: 'bulk a', projectId: home.id });
    const b = await createTask(app.client, user, { title: 'bulk b' });
    const inList = async (id: string) =>
      titles(await app.client.get(`/api/v1/tasks?project=${id}&q=bulk`, { token: user.token }));
    expect(await inList(work.id)).toEqual([]);
    const bulk = (projectId: string, token = user.token) =>
      app.client.post('/api/v1/tasks/bulk', {
        token,
        body: { ids: [a.id, b.id], operation: { type: 'setProject', projectId } },
      });
    const moved = await bulk(work.id);
    expect(moved.body.results).toEqual([
      { id: a.id, status: 'updated' },
      { id: b.id, status: 'updated' },
    ]);
    expect(await inList(work.id)).toEqual(['bulk a', 'bulk b']);
    expect(await inList(home.id)).toEqual([]);
    expect((await bulk(work.id)).body.results.map((r: { status: string }) => r.status)).toEqual([
      'unchanged',
      'unchanged',
    ]);
    const inbox = await inboxOf(user);
    await bulk(inbox.id);
    expect(await inList(inbox.id)).toEqual(['bulk a', 'bulk b']);
    const stranger = await registerUser(app.client);
    const foreign = await createProject(app.client, stranger);
    const refused = await bulk(foreign.id);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'operation.projectId' })]);
    expect(await inList(inbox.id)).toEqual(['bulk a', 'bulk b']);
  });

  it('when a repeating task in a project is completed, then its next occurrence is in the same project', async () => {
    const task = await createTask(app.client, user, {
      title: 'weekly sync',
      projectId: work.id,
      dueDate: '2030-01-07T09:00:00Z',
      recurrence: { frequency: 'weekly' },
    });
    await app.client.patch(`/api/v1/tasks/${task.id}`, {
      token: user.token,
      body: { status: 'done' },
    });
    const next = await app.client.get(`/api/v1/tasks?project=${work.id}&q=weekly&status=todo`, {
      token: user.token,
    });
    expect(next.body.data).toEqual([
      expect.objectContaining({ title: 'weekly sync', projectId: work.id }),
    ]);
  });

  it("when an import names projects, then only the importer's own unarchived ones are linked", async () => {
    const importer = await registerUser(app.client);
    const own = await createProject(app.client, importer, { name: 'Own' });
    const shelved = await createProject(app.client, importer, { name: 'Shelved' });
    await app.client.patch(`/api/v1/projects/${shelved.id}`, {
      token: importer.token,
      body: { archived: true },
    });
    const response = await app.client.post('/api/v1/tasks/import', {
      token: importer.token,
      body: {
        tasks: [
          { title: 'mine', projectId: own.id },
          { title: 'foreign', projectId: work.id },
          { title: 'shelved', projectId: shelved.id },
          { title: 'plain' },
        ],
      },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      imported: 2,
      rejectedCount: 2,
      rejected: [
        { line: 2, errors: [{ path: 'projectId', message: expect.any(String) }] },
        { line: 3, errors: [{ path: 'projectId', message: expect.any(String) }] },
      ],
    });
    const scoped = await app.client.get(`/api/v1/tasks?project=${own.id}`, {
      token: importer.token,
    });
    expect(titles(scoped)).toEqual(['mine']);
    expect(
      await app.models.tasks.countDocuments({
        owner: new Types.ObjectId(importer.id),
        project: new Types.ObjectId(work.id),
      }),
    ).toBe(0);
  });
});

describe('delete', () => {
  /** Two full batches and part of a third. */
  const THREE_BATCHES = 2 * DELETE_BATCH + 20;

  async function seeded(count: number) {
    const user = await registerUser(app.client);
    const project = await createProject(app.client, user);
    const imported = await app.client.post('/api/v1/tasks/import', {
      token: user.token,
      body: {
        tasks: Array.from({ length: count }, (_, i) => ({
          title: `bulk ${i}`,
          projectId: project.id,
          ...(i === 0 ? { remindAt: '2030-01-01T00:00:00Z' } : {}),
        })),
      },
    });
    expect(imported.body.imported).toBe(count);
    const kept = await createTask(app.client, user, { title: 'kept' });
    return { user, project, kept };
  }

  it('when the tasks parameter is missing or unknown, then it answers 400 naming it and nothing changes', async () => {
    const { user, project } = await seeded(2);
    for (const query of ['', '?tasks=archive', '?tasks=move&tasks=delete']) {
      const response = await app.client.delete(`/api/v1/projects/${project.id}${query}`, {
        token: user.token,
      });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ path: 'tasks' })]);
    }
    expect(
      (await app.client.get(`/api/v1/projects/${project.id}`, { token: user.token })).status,
    ).toBe(200);
  });

  it(`when deleted with tasks=move, then its ${THREE_BATCHES} tasks (three batches) are in the Inbox, the cached lists say so, and a retry is a 404`, async () => {
    const { user, project } = await seeded(THREE_BATCHES);
    const inbox = await inboxOf(user);
    const inboxList = () =>
      app.client.get(`/api/v1/tasks?project=${inbox.id}&limit=100`, { token: user.token });
    expect((await inboxList()).body.data).toHaveLength(1);
    const path = `/api/v1/projects/${project.id}?tasks=move`;
    const response = await app.client.delete(path, { token: user.token });
    expect(response.status).toBe(204);
    expect(
      (await app.client.get(`/api/v1/projects/${project.id}`, { token: user.token })).status,
    ).toBe(404);
    expect((await inboxList()).body.data).toHaveLength(100);
    const stats = await app.client.get(`/api/v1/tasks/stats?project=${inbox.id}`, {
      token: user.token,
    });
    expect(stats.body.total).toBe(THREE_BATCHES + 1);
    const sample = (await inboxList()).body.data.find((task: { title: string }) =>
      task.title.startsWith('bulk'),
    );
    expect(sample).toMatchObject({ projectId: inbox.id, version: 2 });
    expect((await app.client.delete(path, { token: user.token })).status).toBe(404);
  });

  it('when deleted with tasks=delete, then its tasks are gone and the others stay', async () => {
    const { user, project, kept } = await seeded(THREE_BATCHES);
    const response = await app.client.delete(`/api/v1/projects/${project.id}?tasks=delete`, {
      token: user.token,
    });
    expect(response.status).toBe(204);
    const stats = await app.client.get('/api/v1/tasks/stats', { token: user.token });
    expect(stats.body.total).toBe(1);
    expect((await app.client.get(`/api/v1/tasks/${kept.id}`, { token: user.token })).status).toBe(
      200,
    );
    expect(await namesOf(user)).toEqual(['Inbox']);
  });

  it('when a delete stopped half-way (archived, some tasks moved), then a retry finishes it', async () => {
    const { user, project } = await seeded(10);
    await app.client.patch(`/api/v1/projects/${project.id}`, {
      token: user.token,
      body: { archived: true },
    });
    await app.models.tasks.updateMany(
      { project: new Types.ObjectId(project.id), title: /^bulk [0-4]$/ },
      { $set: { project: null } },
    );
    const response = await app.client.delete(`/api/v1/projects/${project.id}?tasks=move`, {
      token: user.token,
    });
    expect(response.status).toBe(204);
    expect(await app.models.tasks.countDocuments({ project: new Types.ObjectId(project.id) })).toBe(
      0,
    );
    const inbox = await inboxOf(user);
    const stats = await app.client.get(`/api/v1/tasks/stats?project=${inbox.id}`, {
      token: user.token,
    });
    expect(stats.body.total).toBe(11);
  });
});

it("when projects are created, changed and deleted, then the owner's streams get each change", async () => {
  const user = await registerUser(app.client);
  const stream = await open(app, user);
  const project = await createProject(app.client, user, { name: 'Live' });
  expect((await stream.next((e) => e.event === 'project.created')).data).toEqual({ project });
  const renamed = await app.client.patch(`/api/v1/projects/${project.id}`, {
    token: user.token,
    body: { name: 'Live now' },
  });
  expect((await stream.next((e) => e.event === 'project.updated')).data).toEqual({
    project: renamed.body,
  });
  await app.client.delete(`/api/v1/projects/${project.id}?tasks=delete`, { token: user.token });
  expect((await stream.next((e) => e.event === 'project.deleted')).data).toEqual({
    id: project.id,
    tasks: 'delete',
  });
});

it('when an account is deleted, then its projects go with it', async () => {
  const user = await registerUser(app.client);
  await createProject(app.client, user);
  const response = await app.client.delete('/api/v1/users/me', {
    token: user.token,
    body: { password: user.password },
  });
  expect(response.status).toBe(204);
  expect(await app.models.projects.countDocuments({ owner: new Types.ObjectId(user.id) })).toBe(0);
});

it('when a request has no token, then every project route answers 401', async () => {
  const id = 'a'.repeat(24);
  for (const [method, path] of [
    ['GET', '/api/v1/projects'],
    ['POST', '/api/v1/projects'],
    ['GET', `/api/v1/projects/${id}`],
    ['PATCH', `/api/v1/projects/${id}`],
    ['POST', `/api/v1/projects/${id}/move`],
    ['DELETE', `/api/v1/projects/${id}?tasks=move`],
  ] as const) {
    const response = await app.client.request(method, path, {});
    expect(response.status).toBe(401);
  }
});
