import { describe, expect, it } from 'vitest';
import { filtersFromSearchParams, filtersToSearchParams } from './filters';
import { taskKeys } from './keys';
import { parseQuickAdd } from './quick-add';

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
      sort: 'dueDate',
    });
    expect(filtersToSearchParams(filters).toString()).toBe(
      'status=todo&status=done&priority=high&tag=work&q=report&overdue=true&sort=dueDate',
    );
    expect(filtersToSearchParams(filtersFromSearchParams(new URLSearchParams())).toString()).toBe(
      '',
    );
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
  it('reads tags and priority out of the line', () => {
    expect(parseQuickAdd('  Write report #Work #q3 !high ')).toEqual({
      title: 'Write report',
      tags: ['work', 'q3'],
      priority: 'high',
    });
  });

  it('when there is nothing but markers or spaces, then there is no task', () => {
    expect(parseQuickAdd('   ')).toBeNull();
    expect(parseQuickAdd('#tag !low')).toBeNull();
  });

  it('keeps a plain title as typed', () => {
    expect(parseQuickAdd('Buy milk')).toEqual({ title: 'Buy milk' });
  });
});
