import { parseDuration } from './duration';

it.each([
  ['250ms', 250],
  ['30s', 30_000],
  ['15m', 900_000],
  ['2h', 7_200_000],
  ['7d', 604_800_000],
  [' 5s ', 5_000],
])('when parsing %p, then it is %p ms', (text, ms) => {
  expect(parseDuration(text)).toBe(ms);
});

it.each(['', '5', '0s', '-1s', '1.5s', '5 s', '5w', '99999999999999999999d'])(
  'when parsing %p, then it is rejected',
  (text) => {
    expect(parseDuration(text)).toBeUndefined();
  },
);
