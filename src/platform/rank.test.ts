import { insertionIndex, rankBetween } from './rank';

describe('insertionIndex', () => {
  const others = ['a1', 'b2', 'c3'];

  it.each([
    [{ before: 'a1' }, 0],
    [{ before: 'C3' }, 2],
    [{ after: 'a1' }, 1],
    [{ after: 'c3' }, 3],
    [{ before: null }, 3],
    [{ after: null }, 0],
  ])('when placed %j, then it goes at index %i', (placement, index) => {
    expect(insertionIndex(others, placement)).toBe(index);
  });

  it('when the neighbour is not among the others, then there is no index', () => {
    expect(insertionIndex(others, { after: 'd4' })).toBeUndefined();
  });
});

describe('rankBetween', () => {
  it('when there are no neighbours or only one, then the rank is next to it', () => {
    expect(rankBetween(undefined, undefined)).toBe(0);
    expect(rankBetween(undefined, 3)).toBe(2);
    expect(rankBetween(3, undefined)).toBe(4);
  });

  it('when between two ranks, then it is strictly between them', () => {
    expect(rankBetween(1, 2)).toBe(1.5);
    expect(rankBetween(-1, 0)).toBe(-0.5);
  });

  it('when items keep moving into the same gap, then halving runs out and says so', () => {
    let next = 1;
    let moves = 0;
    for (let rank = rankBetween(0, next); rank !== undefined; rank = rankBetween(0, next)) {
      next = rank;
      moves += 1;
    }
    expect(moves).toBeGreaterThan(40);
    expect(rankBetween(2, 2)).toBeUndefined();
  });
});
