import { describe, expect, it } from 'vitest';
import { reconnectDelay } from './live-stream';

describe('reconnectDelay', () => {
  const highest = () => 1 - Number.EPSILON;
  const lowest = () => 0;

  it('when a healthy stream ended, then it waits about the server’s delay', () => {
    expect(reconnectDelay(3000, 0, highest)).toBe(3000);
    expect(reconnectDelay(3000, 0, lowest)).toBe(1500);
  });

  it('when attempts keep failing, then the delay doubles each time up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 9].map((failures) => reconnectDelay(3000, failures, highest))).toEqual([
      3000, 6000, 12_000, 24_000, 30_000, 30_000,
    ]);
  });

  it('when tabs reconnect together, then the jitter spreads them over half the delay', () => {
    const delays = Array.from({ length: 50 }, () => reconnectDelay(8000, 2));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(8000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(16_000);
  });
});
