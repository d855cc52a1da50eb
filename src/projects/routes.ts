import type { EventHub } from '../events/hub';
import type { AppContext } from '../http/context';
import { route, type Route } from '../http/route';
import type { UserStateStore } from '../platform/cache';
import { ifMatchHeaders } from '../tasks/schemas';
import type { ProjectView } from './presenter';
import {
  createProjectBody,
  deleteProjectQuery,
  listProjectsQuery,
  MAX_PROJECTS,
  moveProjectBody,
  projectListSchema,
  projectParams,
  projectSchema,
  updateProjectBody,
} from './schemas';
import type { ProjectService } from './service';

interface Options {
  service: ProjectService;
  userStates: UserStateStore;
  events: EventHub;
}

function sendProject(ctx: AppContext, project: ProjectView, status = 200) {
  ctx.status = status;
  ctx.set('ETag', `"${project.version}"`);
  ctx.body = project;
}

export function projectRoutes({ service, userStates, events }: Options): Route[] {
  /** Task lists show projects' tasks: every project write invalidates the cached lists. */
  const changed = async (userId: string, project: ProjectView) => {
    await userStates.invalidateCaches(userId);
    void events.publish(userId, 'project.updated', { project });
  };

  return [
    route({
      method: 'GET',
      path: '/projects',
      operationId: 'listProjects',
      tag: 'projects',
      summary: 'List projects in their manual order',
      description: `Every project, the Inbox included (it is created with the first request that needs it), by ascending \`position\`. At most ${MAX_PROJECTS}, so there are no pages.`,
      auth: 'bearer',
      request: { query: listProjectsQuery },
      responses: { 200: { description: 'The projects', schema: projectListSchema } },
      handler: async (ctx, { query }) => {
        const archived = query.archived === undefined ? undefined : query.archived === 'true';
        ctx.body = { data: await service.list(ctx.state.principal!.userId, archived) };
      },
    }),
    route({
      method: 'POST',
      path: '/projects',
      operationId: 'createProject',
      tag: 'projects',
      summary: 'Create a project',
      description: `It goes last. The name must differ from your other projects' names, compared without case (409 \`project-name-taken\`); an account has at most ${MAX_PROJECTS} projects (409 \`project-limit-reached\`).`,
      auth: 'bearer',
      request: { body: createProjectBody },
      responses: {
        201: {
          description: 'The created project',
          schema: projectSchema,
          headers: ['Location', 'ETag'],
        },
      },
      problems: [409],
      handler: async (ctx, { body }) => {
        const { userId } = ctx.state.principal!;
        const project = await service.create(userId, body);
        await userStates.invalidateCaches(userId);
        void events.publish(userId, 'project.created', { project });
        ctx.set('Location', `/api/v1/projects/${project.id}`);
        sendProject(ctx, project, 201);
      },
    }),
    route({
      method: 'GET',
      path: '/projects/{id}',
      operationId: 'getProject',
      tag: 'projects',
      summary: 'Read a project',
      auth: 'bearer',
      request: { params: projectParams },
      responses: { 200: { description: 'The project', schema: projectSchema, headers: ['ETag'] } },
      problems: [404],
      handler: async (ctx, { params }) => {
        sendProject(ctx, await service.get(ctx.state.principal!.userId, params.id));
      },
    }),
    route({
      method: 'PATCH',
      path: '/projects/{id}',
      operationId: 'updateProject',
      tag: 'projects',
      summary: 'Rename, recolour, archive or restore a project',
      description:
        'Send the ETag of the version you edited as `If-Match`; if the project changed since, the answer is 412 with the current ETag. The Inbox can be renamed and recoloured, not archived (409 `inbox-protected`).',
      auth: 'bearer',
      request: { params: projectParams, headers: ifMatchHeaders, body: updateProjectBody },
      responses: {
        200: { description: 'The updated project', schema: projectSchema, headers: ['ETag'] },
      },
      problems: [404, 409, 412],
      handler: async (ctx, { params, headers, body }) => {
        const { userId } = ctx.state.principal!;
        const project = await service.update(userId, params.id, body, headers['if-match']);
        await changed(userId, project);
        sendProject(ctx, project);
      },
    }),
    route({
      method: 'POST',
      path: '/projects/{id}/move',
      operationId: 'moveProject',
      tag: 'projects',
      summary: 'Put a project right before or after another one',
      description:
        '`{ "before": id }` or `{ "after": id }` names the new neighbour; `{ "before": null }` puts it last, `{ "after": null }` first. Only the moved project changes (its version grows by one), unless the list has to be renumbered, which changes other positions but not their versions. A neighbour that is not another of your projects is a 422.',
      auth: 'bearer',
      request: { params: projectParams, body: moveProjectBody },
      responses: {
        200: { description: 'The moved project', schema: projectSchema, headers: ['ETag'] },
      },
      problems: [404, 422],
      handler: async (ctx, { params, body }) => {
        const { userId } = ctx.state.principal!;
        const project = await service.move(userId, params.id, body);
        await changed(userId, project);
        sendProject(ctx, project);
      },
    }),
    route({
      method: 'DELETE',
      path: '/projects/{id}',
      operationId: 'deleteProject',
      tag: 'projects',
      summary: 'Delete a project, and move or delete its tasks',
      description:
        "`tasks` is required: `move` puts the tasks in the Inbox (each one's version grows by one), `delete` deletes them. The Inbox cannot be deleted (409 `inbox-protected`). Safe to retry: one that failed half-way finishes the job, one after a success is a 404.",
      auth: 'bearer',
      request: { params: projectParams, query: deleteProjectQuery },
      responses: { 204: { description: 'Deleted' } },
      problems: [404, 409],
      handler: async (ctx, { params, query }) => {
        const { userId } = ctx.state.principal!;
        await service.remove(userId, params.id, query.tasks);
        await userStates.invalidateCaches(userId);
        void events.publish(userId, 'project.deleted', {
          id: params.id.toLowerCase(),
          tasks: query.tasks,
        });
        ctx.status = 204;
      },
    }),
  ];
}
