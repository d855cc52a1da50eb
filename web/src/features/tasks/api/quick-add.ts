import type { NewTask } from './mutations';
import type { Priority } from './types';

const PRIORITY_WORDS: Record<string, Priority> = {
  '!high': 'high',
  '!medium': 'medium',
  '!low': 'low',
};

/**
 * Reads the quick-add line the way Todoist users type it: "#word" adds a tag and "!high",
 * "!medium" or "!low" sets the priority; the rest is the title.
 */
export function parseQuickAdd(line: string): NewTask | null {
  const tags: string[] = [];
  let priority: Priority | undefined;
  const words: string[] = [];
  for (const word of line.trim().split(/\s+/)) {
    const lower = word.toLowerCase();
    if (/^#[^\s#]{1,32}$/.test(word)) {
      const tag = lower.slice(1);
      if (!tags.includes(tag)) tags.push(tag);
    } else if (lower in PRIORITY_WORDS) {
      priority = PRIORITY_WORDS[lower];
    } else if (word) {
      words.push(word);
    }
  }
  const title = words.join(' ');
  if (!title) return null;
  return { title, ...(tags.length > 0 && { tags }), ...(priority && { priority }) };
}
