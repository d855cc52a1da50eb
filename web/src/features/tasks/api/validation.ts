// The API's limits (from its document), checked before sending so mistakes show next to the
// field at once.
import { LIMITS } from '@/lib/api/types';
import type { TaskChanges } from './types';

const characters = (value: string) => [...value].length;

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
  else if (characters(changes.title) > LIMITS.title) {
    errors.title = `Keep the title to ${LIMITS.title} characters or fewer.`;
  }
  if (characters(changes.description) > LIMITS.description) {
    errors.description = `Keep the description to ${LIMITS.description.toLocaleString('en')} characters or fewer.`;
  }
  if (changes.tags.length > LIMITS.tags) errors.tags = `Use at most ${LIMITS.tags} tags.`;
  else if (changes.tags.some((tag) => characters(tag) > LIMITS.tag)) {
    errors.tags = `Each tag can be at most ${LIMITS.tag} characters.`;
  }
  return errors;
}
