import { Types } from 'mongoose';
import { startTestApp, type TestApp } from '../support/app';
import { createProject, createTask, registerUser, type SignedInUser } from '../support/builders';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

/** The titles of one column of a board: a project's tasks with one status, in rank order. */
async function column(user: SignedInUser, projectId: string, status = 'todo') {
  const page = await app.client.get(
    `/api/v1/tasks?project=${projectId}&status=${status}&sort=rank&limit=100`,
    { token: user.token },
  );
  expect(page.status).toBe(200);
  return page.body.data.map((task: { title: string }) => task.title);
}

const move = (user: SignedInUser, id: string, body: unknown) =>
  app.client.post(`/api/v1/tasks/${id}/move`, { token: user.token, body });

describe('moving cards', () => {
  let user: SignedInUser;
  let project: { id: string };
  const cards: Record<string, { id: string }> = {};
  beforeAll(async () => {
    user = await registerUser(app.client);
    project = await createProject(app.client, user);
    for (const title of ['A', 'B', 'C', 'D']) {
      cards[title] = await createTask(app.client, user, { title, projectId: project.id });
    }
  });

  it('when tasks are created, then each goes last in its column', async () => {
    expect(await column(user, project.id)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('when a card is moved before, after, first and last, then the column follows and only it changes', async () => {
    const moved = await move(user, cards.D!.id, { before: cards.B!.id });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ title: 'D', version: 2, status: 'todo' });
    expect(moved.headers.get('etag')).toBe('"2"');
    expect(await column(user, project.id)).toEqual(['A', 'D', 'B', 'C']);
    await move(user, cards.C!.id, { after: null });
    expect(await column(user, project.id)).toEqual(['C', 'A', 'D', 'B']);
    await move(user, cards.C!.id, { before: null });
    expect(await column(user, project.id)).toEqual(['A', 'D', 'B', 'C']);
    await move(user, cards.A!.id, { after: cards.B!.id });
    expect(await column(user, project.id)).toEqual(['D', 'B', 'A', 'C']);
    const untouched = await app.client.get(`/api/v1/tasks/${cards.B!.id}`, { token: user.token });
    expect(untouched.body.version).toBe(1);
  });

  it('when a card is moved to another status, then it leaves its column for that one, done as a PATCH makes it', async () => {
    const done = await createTask(app.client, user, {
      title: 'shipped',
      projectId: project.id,
      status: 'done',
    });
    const moved = await move(user, cards.B!.id, { status: 'done', before: done.id });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ status: 'done', completedAt: expect.any(String) });
    expect(await column(user, project.id, 'done')).toEqual(['B', 'shipped']);
    expect(await column(user, project.id)).not.toContain('B');
    await move(user, cards.B!.id, { status: 'todo', after: null });
    expect((await column(user, project.id))[0]).toBe('B');
  });

  it("when the neighbour is in another column, is the card itself, or is not the caller's, then it is a 422 naming the field", async () => {
    const elsewhere = await createTask(app.client, user, { title: 'in the Inbox' });
    const stranger = await registerUser(app.client);
    const foreign = await createTask(app.client, stranger);
    for (const [body, field] of [
      [{ before: elsewhere.id }, 'before'],
      [{ after: cards.A!.id }, 'after'],
      [{ status: 'in_progress', after: cards.C!.id }, 'after'],
      [{ before: foreign.id }, 'before'],
    ] as const) {
      const target = field === 'after' && !('status' in body) ? cards.A! : cards.D!;
      const response = await move(user, target.id, body);
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({
        type: 'urn:judix:problem:invalid-reference',
        errors: [{ path: field }],
      });
    }
    expect((await move(user, cards.A!.id, {})).status).toBe(400);
    expect((await move(user, cards.A!.id, { before: null, after: null })).status).toBe(400);
    expect((await move(user, cards.A!.id, { status: 'later', after: null })).status).toBe(400);
    expect((await move(stranger, cards.A!.id, { after: null })).status).toBe(404);
  });
});

describe('concurrency', () => {
  it('when two clients move cards into one column at once, then every card lands right after the neighbour it named, in one order both clients see', async () => {
    const user = await registerUser(app.client);
    const project = await createProject(app.client, user);
    const anchor = await createTask(app.client, user, { title: 'anchor', projectId: project.id });
    await createTask(app.client, user, { title: 'tail', projectId: project.id });
    const movers = [];
    for (let i = 0; i < 8; i++) {
      movers.push(
        await createTask(app.client, user, {
          title: `card ${i}`,
          projectId: project.id,
          status: 'in_progress',
        }),
      );
    }
    const secondClient = await app.client.post('/api/v1/auth/login', {
      body: { email: user.email, password: user.password },
    });
    const tokens = [user.token, secondClient.body.accessToken];
    const results = await Promise.all(
      movers.map((card, i) =>
        app.client.post(`/api/v1/tasks/${card.id}/move`, {
          token: tokens[i % 2],
          body: { status: 'todo', after: anchor.id },
        }),
      ),
    );
    expect(results.map((result) => result.status)).toEqual(movers.map(() => 200));
    const titles = await column(user, project.id);
    expect(titles[0]).toBe('anchor');
    expect(titles.at(-1)).toBe('tail');
    expect(new Set(titles.slice(1, -1))).toEqual(new Set(movers.map((card) => card.title)));
    const ranks = results.map((result) => result.body.rank);
    expect(new Set(ranks).size).toBe(ranks.length);
    // Each move was applied after those before it: the last one applied is right after the anchor.
    const byRank = [...results].sort((a, b) => a.body.rank - b.body.rank);
    expect(byRank.map((result) => result.body.title)).toEqual(titles.slice(1, -1));
  });

  it('when cards keep moving into the same gap, then the column is renumbered and keeps its order', async () => {
    const user = await registerUser(app.client);
    const project = await createProject(app.client, user);
    const first = await createTask(app.client, user, { title: 'first', projectId: project.id });
    const second = await createTask(app.client, user, { title: 'second', projectId: project.id });
    const third = await createTask(app.client, user, { title: 'third', projectId: project.id });
    for (let i = 0; i < 70; i++) {
      const mover = i % 2 === 0 ? third : second;
      expect((await move(user, mover.id, { after: first.id })).status).toBe(200);
    }
    expect(await column(user, project.id)).toEqual(['first', 'second', 'third']);
  });
});

it('when tasks were stored before ranks existed, then they show their creation time as rank, sort by it and can be moved', async () => {
  const user = await registerUser(app.client);
  const older = await createTask(app.client, user, { title: 'older' });
  const newer = await createTask(app.client, user, { title: 'newer' });
  await app.models.tasks.collection.updateMany(
    { _id: { $in: [new Types.ObjectId(older.id), new Types.ObjectId(newer.id)] } },
    { $unset: { rank: '' } },
  );
  const read = await app.client.get(`/api/v1/tasks/${older.id}`, { token: user.token });
  expect(read.body.rank).toBe(Date.parse(older.createdAt));
  expect(await column(user, older.projectId)).toEqual(['older', 'newer']);
  const moved = await move(user, older.id, { before: null });
  expect(moved.status).toBe(200);
  expect(await column(user, older.projectId)).toEqual(['newer', 'older']);
  expect(
    await app.models.tasks.countDocuments({ owner: new Types.ObjectId(user.id), rank: null }),
  ).toBe(0);
});
