import { ifMatch, taskParams, updateTaskBody } from './schemas';

describe('ifMatch', () => {
  it.each([
    ['*', undefined],
    ['"3"', [3]],
    ['"3", "4"', [3, 4]],
    ['"3","4"', [3, 4]],
  ])('when the header is %p, then it is %p', (header, expected) => {
    expect(ifMatch.parse(header)).toEqual(expected);
  });

  it.each(['', '3', 'W/"3"', '"abc"', '"3",', '"1234567890123456"'])(
    'when the header is %p, then it is refused',
    (header) => {
      expect(ifMatch.safeParse(header).success).toBe(false);
    },
  );
});

describe('task input', () => {
  it('when the patch is empty, then it is refused; one field is enough', () => {
    expect(updateTaskBody.safeParse({}).success).toBe(false);
    expect(updateTaskBody.parse({ title: ' x ' })).toEqual({ title: 'x' });
  });

  it('when the id is not 24 hex digits, then it is refused', () => {
    expect(taskParams.safeParse({ id: 'zz' }).success).toBe(false);
    expect(taskParams.parse({ id: 'AB'.repeat(12) })).toEqual({ id: 'AB'.repeat(12) });
  });
});
