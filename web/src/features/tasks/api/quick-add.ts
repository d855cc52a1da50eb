import { parseDueWords } from './due-words';
import { TASK_LIMITS } from './limits';
import type { NewTask } from './mutations';
import { parseRecurrenceWords } from './recurrence-words';
import type { Priority, Project } from './types';

const PRIORITY_WORDS: Record<string, Priority> = {
  '!high': 'high',
  '!medium': 'medium',
  '!low': 'low',
};
const TAG = new RegExp(`^#[^\\s#]{1,${TASK_LIMITS.tag}}$`);

/**
 * Reads the quick-add line the way Todoist users type it: "#word" adds a tag, "!high",
 * "!medium" or "!low" sets the priority, a date in words sets the due date (see due-words.ts),
 * "every …" makes it repeat (see recurrence-words.ts); the rest is the title, which may come out
 * empty. A repeating task needs a due date, so without one it is due on the first occurrence.
 */
export function parseQuickAdd(line: string, now = new Date()): NewTask {
  const tags: string[] = [];
  let priority: Priority | undefined;
  const words: string[] = [];
  for (const word of line.trim().split(/\s+/)) {
    const lower = word.toLowerCase();
    if (TAG.test(word)) {
      const tag = lower.slice(1);
      if (!tags.includes(tag)) tags.push(tag);
    } else if (lower in PRIORITY_WORDS) {
      priority = PRIORITY_WORDS[lower];
    } else if (word) {
      words.push(word);
    }
  }
  // The rule's words go first: "every monday" must not leave "monday" to the due date.
  const repeat = parseRecurrenceWords(words, now);
  const { dueDate, rest } = parseDueWords(
    repeat.rest,
    now,
    repeat.recurrence ? repeat.firstDay : undefined,
  );
  return {
    title: rest.join(' '),
    ...(tags.length > 0 && { tags }),
    ...(priority && { priority }),
    ...(dueDate && { dueDate }),
    ...(repeat.recurrence && { recurrence: repeat.recurrence }),
  };
}

/** Why the parsed line cannot be added yet, in the words shown under the box; null when it can. */
export function quickAddProblem(task: NewTask): string | null {
  if (!task.title) {
    return task.tags || task.priority || task.dueDate
      ? 'Add a title too: #tags, !priority, dates and repeats alone make no task.'
      : 'Type a title first.';
  }
  if (task.title.length > TASK_LIMITS.title) {
    return `Keep the title to ${TASK_LIMITS.title} characters or fewer.`;
  }
  if ((task.tags?.length ?? 0) > TASK_LIMITS.tags) return `Use at most ${TASK_LIMITS.tags} tags.`;
  return null;
}

/** What quick-add needs to know of a project. */
export type ProjectChoice = Pick<Project, 'id' | 'name' | 'archived'>;

export interface ProjectWord {
  /** The line without its "@project" words, for parseQuickAdd. */
  line: string;
  /** The project the last "@project" word names; null when there is none. */
  project: ProjectChoice | null;
  /** Why a "@project" word names no project, in the words shown under the box; else null. */
  problem: string | null;
}

/**
 * Takes the "@project" words out of the line; the last one names the task's project. A word names
 * the project of that name, compared without case and with "_" standing for a space
 * ("@home_renovation"), else the only one whose name starts with it ("@home"). Archived projects
 * take no new tasks, so they are not offered.
 */
export function takeProjectWord(line: string, projects: readonly ProjectChoice[]): ProjectWord {
  const open = projects.filter((project) => !project.archived);
  const rest: string[] = [];
  let word = '';
  for (const part of line.trim().split(/\s+/)) {
    if (part.length > 1 && part.startsWith('@')) word = part;
    else rest.push(part);
  }
  if (!word) return { line, project: null, problem: null };
  const wanted = word.slice(1).replace(/_/g, ' ').toLowerCase();
  const named = (project: ProjectChoice) => project.name.toLowerCase();
  const exact = open.find((project) => named(project) === wanted);
  const starting = open.filter((project) => named(project).startsWith(wanted));
  const project = exact ?? (starting.length === 1 ? starting[0]! : null);
  const problem = project
    ? null
    : starting.length > 1
      ? `${word} could be ${starting.map((match) => match.name).join(' or ')}: type more of the name.`
      : `No project is called ${word}. Check the name, or create the project first.`;
  return { line: rest.join(' '), project, problem };
}
