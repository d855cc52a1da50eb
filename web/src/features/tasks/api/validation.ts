// The API's limits, checked before sending so mistakes show next to the field at once.
import type { TaskChanges } from './types';

export function parseTags(text: string): string[] {
  const tags = text
    .split(/[,\s]+/)
    .map((tag) => tag.replace(/^#/, '').trim().toLowerCase())
    .filter(Boolean);
  return [...new Set(tags)];
}

export function validateTask(
  changes: Required<Pick<TaskChanges, 'title' | 'description' | 'tags'>>,
) {
  const errors: Record<string, string> = {};
  const title = changes.title.trim();
  if (!title) errors.title = 'Give the task a title.';
  else if (title.length > 200) errors.title = 'Keep the title to 200 characters or fewer.';
  if (changes.description.length > 5000) {
    errors.description = 'Keep the description to 5,000 characters or fewer.';
  }
  if (changes.tags.length > 20) errors.tags = 'Use at most 20 tags.';
  else if (changes.tags.some((tag) => tag.length > 32)) {
    errors.tags = 'Each tag can be at most 32 characters.';
  }
  return errors;
}
