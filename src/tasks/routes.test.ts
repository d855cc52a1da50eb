import { AppError } from '../platform/errors';
import { parseIfMatch } from './routes';

describe('parseIfMatch', () => {
  it.each([
    ['', undefined],
    ['*', undefined],
    ['"3"', [3]],
    ['"3", "4"', [3, 4]],
  ])('when the header is %p, then it is %p', (header, expected) => {
    expect(parseIfMatch(header)).toEqual(expected);
  });

  it.each(['3', 'W/"3"', '"abc"', '"3",', '"1234567890123456"'])(
    'when the header is %p, then it is a 400',
    (header) => {
      expect(() => parseIfMatch(header)).toThrow(AppError);
    },
  );
});
