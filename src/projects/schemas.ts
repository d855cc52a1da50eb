import { z } from 'zod';
import { text } from '../http/text';
import { objectId } from '../tasks/schemas';
import { PROJECT_COLORS } from './model';

/** At most this many projects per user, the Inbox and archived ones included. */
export const MAX_PROJECTS = 100;

/**
 * A deletion may take this many times the request budget: it moves or deletes thousands of
 * tasks, in batches that each stay within the budget.
 */
export const DELETE_BUDGET_FACTOR = 15;
/**
 * Tasks a deletion moves or deletes in one write: few enough that each write stays well inside
 * the request budget on the slowest supported server. On FerretDB v1 (SQLite), one write of 500
 * took 8-9 s in the test suite, close to its 10 s budget and far past the default 2 s; moving
 * 120 tasks in writes of 50 takes about a second in all.
 */
export const DELETE_BATCH = 50;

export const DELETE_MODES = ['move', 'delete'] as const;
export type DeleteMode = (typeof DELETE_MODES)[number];

const name = text({ min: 1, max: 100, notBlank: true, noControls: true }).meta({
  description:
    'Stored without leading and trailing blanks; unique among your projects, compared without case.',
  examples: ['Home renovation'],
});
const color = z.enum(PROJECT_COLORS).meta({
  id: 'ProjectColor',
  description: 'One of a fixed palette, which clients map to their own shades.',
});
const archived = z.boolean().meta({
  description:
    'An archived project keeps its tasks but takes no new ones; the Inbox cannot be archived.',
});

export const createProjectBody = z
  .strictObject({ name, color: color.default('grey') })
  .meta({ id: 'CreateProjectRequest' });
export type CreateProjectInput = z.output<typeof createProjectBody>;

export const updateProjectBody = z
  .strictObject({ name, color, archived })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'must change at least one field')
  .meta({ id: 'UpdateProjectRequest', minProperties: 1 });
export type UpdateProjectInput = z.output<typeof updateProjectBody>;

const neighbour = objectId.nullable();
export const moveProjectBody = z
  .union([
    z.strictObject({
      before: neighbour.meta({ description: 'Right before this project; `null`: last' }),
    }),
    z.strictObject({
      after: neighbour.meta({ description: 'Right after this project; `null`: first' }),
    }),
  ])
  .meta({ id: 'MoveProjectRequest' });

export const projectParams = z.strictObject({ id: objectId });

export const listProjectsQuery = z.strictObject({
  archived: z.enum(['true', 'false']).optional().meta({
    description: 'Only archived projects (`true`) or only the others (`false`); all when absent',
  }),
});

export const deleteProjectQuery = z.strictObject({
  tasks: z.enum(DELETE_MODES).meta({
    description:
      "What happens to the project's tasks: `move` them to the Inbox, or `delete` them. Required.",
  }),
});

export const projectSchema = z
  .object({
    id: z.string().regex(/^[0-9a-f]{24}$/),
    name: z.string(),
    color,
    position: z.number().meta({
      description:
        'The manual order: list by ascending position. Not contiguous; change it with the move operation.',
    }),
    archived: z.boolean(),
    inbox: z.boolean().meta({
      description:
        'Whether this is the Inbox: the default project, which cannot be archived or deleted',
    }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.number().int(),
  })
  .meta({ id: 'Project' });

export const projectListSchema = z
  .object({ data: z.array(projectSchema) })
  .meta({ id: 'ProjectList' });
