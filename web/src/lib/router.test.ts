import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './router';

describe('safeReturnPath', () => {
  it.each([
    ['/tasks', '/tasks'],
    ['/tasks?status=done#top', '/tasks?status=done#top'],
    ['/settings/account', '/settings/account'],
  ])('when the path %s is inside the app, then it is kept', (next, expected) => {
    expect(safeReturnPath(next)).toBe(expected);
  });

  it.each([
    null,
    '',
    'tasks',
    'https://evil.com/',
    '//evil.com',
    '/\\evil.com',
    '\\\\evil.com',
    '/\t/evil.com',
    '/\n/evil.com',
    '/\\/evil.com',
    'javascript:alert(1)',
  ])('when the path is %j, then it becomes /', (next) => {
    expect(safeReturnPath(next)).toBe('/');
  });
});
