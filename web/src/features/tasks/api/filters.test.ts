import { describe, expect, it } from 'vitest';
import {
  filtersFromSearchParams,
  filtersToSearchParams,
  listSearchParams,
  visibleStatuses,
} from './filters';
import { taskKeys } from './keys';
import { parseQuickAdd, quickAddProblem } from './quick-add';

describe('task filters in the URL', () => {
  it('round-trips every filter and leaves defaults out', () => {
    const params = new URLSearchParams(
      'status=todo&status=done&priority=high&tag=Work&q=report&overdue=true&sort=dueDate',
    );
    const filters = filtersFromSearchParams(params);
    expect(filters).toEqual({
      status: ['todo', 'done'],
      priority: ['high'],
      tag: 'work',
      q: 'report',
      overdue: true,
      showDone: false,
      sort: 'dueDate',
      project: '',
    });
    expect(filtersToSearchParams(filters).toString()).toBe(
      'status=todo&status=done&priority=high&tag=work&q=report&overdue=true&sort=dueDate',
    );
    expect(filtersToSearchParams(filtersFromSearchParams(new URLSearchParams())).toString()).toBe(
      '',
    );
  });

  it('hides done tasks from the API query unless they are shown or statuses are picked', () => {
    const list = (search: string) =>
      listSearchParams(filtersFromSearchParams(new URLSearchParams(search))).toString();
    expect(list('')).toBe('status=todo&status=in_progress');
    expect(list('done=show')).toBe('');
    expect(list('status=done')).toBe('status=done');
    expect(visibleStatuses(filtersFromSearchParams(new URLSearchParams('done=show')))).toEqual([]);
    expect(
      filtersToSearchParams(filtersFromSearchParams(new URLSearchParams('done=show'))).toString(),
    ).toBe('done=show');
  });

  it('drops values the API would refuse', () => {
    const filters = filtersFromSearchParams(
      new URLSearchParams('status=bogus&priority=urgent&sort=$where'),
    );
    expect(filters).toMatchObject({ status: [], priority: [], sort: '-createdAt' });
  });
});

describe('task query keys', () => {
  it('go from general to specific so one invalidation reaches everything', () => {
    const filters = filtersFromSearchParams(new URLSearchParams('q=x'));
    expect(taskKeys.list(filters).slice(0, 2)).toEqual(taskKeys.lists());
    expect(taskKeys.lists().slice(0, 1)).toEqual(taskKeys.all);
    expect(taskKeys.detail('abc')).toEqual(['tasks', 'detail', 'abc']);
  });
});

describe('quick add', () => {
  const now = new Date(2026, 9, 30, 10, 0);

  it('reads tags, priority and the due date out of the line', () => {
    expect(parseQuickAdd('  Write report #Work #q3 !high tomorrow ', now)).toEqual({
      title: 'Write report',
      tags: ['work', 'q3'],
      priority: 'high',
      dueDate: new Date(2026, 9, 31).toISOString(),
    });
  });

  it('when there is nothing but markers, then the title is empty and the problem says so', () => {
    const onlyMarkers = parseQuickAdd('#tag !low', now);
    expect(onlyMarkers).toEqual({ title: '', tags: ['tag'], priority: 'low' });
    expect(quickAddProblem(onlyMarkers)).toMatch(/Add a title too/);
    expect(quickAddProblem(parseQuickAdd('   ', now))).toBe('Type a title first.');
  });

  it('when the title is longer than the API allows, then the problem names the limit', () => {
    expect(quickAddProblem(parseQuickAdd('a'.repeat(201), now))).toBe(
      'Keep the title to 200 characters or fewer.',
    );
    expect(quickAddProblem(parseQuickAdd('a'.repeat(200), now))).toBeNull();
  });

  it('keeps a plain title as typed', () => {
    expect(parseQuickAdd('Buy milk', now)).toEqual({ title: 'Buy milk' });
  });
});
