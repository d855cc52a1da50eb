import { LocalCache } from './cache';

const body = (bytes: number) => Buffer.alloc(bytes, 'x');

describe('LocalCache', () => {
  it('when an entry is fresh, then it is returned; once expired, it is gone and its bytes freed', () => {
    const cache = new LocalCache(1000);
    cache.set('a', body(100), 2000);
    expect(cache.get('a', 1999)?.length).toBe(100);
    expect(cache.get('a', 2000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('when the byte budget is exceeded, then the least recently used entries go first', () => {
    const cache = new LocalCache(1000);
    cache.set('a', body(200), 10_000);
    cache.set('b', body(200), 10_000);
    cache.set('c', body(200), 10_000);
    cache.get('a', 0);
    cache.set('d', body(200), 10_000);
    cache.set('e', body(200), 10_000);
    cache.set('f', body(200), 10_000);
    expect(cache.get('b', 0)).toBeUndefined();
    expect(cache.get('a', 0)).toBeDefined();
    expect(cache.size).toBeLessThanOrEqual(1000);
  });

  it('when a key is stored again, then it replaces the old body without double counting', () => {
    const cache = new LocalCache(1000);
    cache.set('a', body(100), 10_000);
    cache.set('a', body(150), 10_000);
    expect(cache.size).toBe(150);
  });

  it('when a body is larger than a quarter of the budget, then it is not kept', () => {
    const cache = new LocalCache(1000);
    cache.set('big', body(300), 10_000);
    expect(cache.get('big', 0)).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
