import { parseDueWords } from './due-words';
import { TASK_LIMITS } from './limits';
import type { NewTask } from './mutations';
import { parseRecurrenceWords } from './recurrence-words';
import type { Priority } from './types';

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
