// A circuit breaker per dependency (cockatiel), so that while MongoDB or Redis is known to be
// down, requests answer a 503 at once instead of each waiting for its own timeout.
//
// Only failures that mean "unavailable" count (dependencies.ts: network errors, timeouts, a
// pool cleared); answers such as a duplicate key or a 404 never do. The breaker opens after
// `failures` such failures in a row, and any success resets the count, so a dependency that is
// slow but answers within the request budget never opens it. While open, calls fail at once;
// after `halfOpenAfterMs` one call goes through as a probe (the others wait for its outcome):
// success closes the breaker, failure opens it again.
import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import type { Config } from './config';
import { DependencyUnavailableError, unavailableDependency, type Dependency } from './dependencies';
import type { Metrics } from './metrics';

export type BreakerState = 'closed' | 'open' | 'half-open';

const STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

export interface BreakerOptions {
  failures: number;
  halfOpenAfterMs: number;
  onStateChange?: (dependency: Dependency, state: BreakerState) => void;
}

export class DependencyBreaker {
  private readonly policy: CircuitBreakerPolicy;

  constructor(
    readonly dependency: Dependency,
    { failures, halfOpenAfterMs, onStateChange }: BreakerOptions,
  ) {
    this.policy = circuitBreaker(
      handleWhen((error) => unavailableDependency(error) === dependency),
      { halfOpenAfter: halfOpenAfterMs, breaker: new ConsecutiveBreaker(failures) },
    );
    this.policy.onStateChange((state) => onStateChange?.(dependency, STATES[state]));
  }

  get state(): BreakerState {
    return STATES[this.policy.state];
  }

  /** Runs a call that needs the dependency; while the breaker is open, fails at once. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await this.policy.execute(call);
    } catch (error) {
      if (error instanceof BrokenCircuitError)
        throw new DependencyUnavailableError(this.dependency);
      throw error;
    }
  }
}

type AsyncFunctions = Record<string, (...args: never[]) => Promise<unknown>>;

/** The same service with every call going through the breaker. */
export function guarded<T extends AsyncFunctions>(breaker: DependencyBreaker, service: T): T {
  return Object.fromEntries(
    Object.entries(service).map(([name, call]) => [
      name,
      (...args: never[]) => breaker.run(() => call(...args)),
    ]),
  ) as T;
}

/** One breaker per dependency, its state exported as a metric. */
export function dependencyBreakers(config: Config, metrics: Metrics) {
  const onStateChange = (dependency: Dependency, current: BreakerState) => {
    for (const state of ['closed', 'open', 'half-open'] as const) {
      metrics.circuitState.set({ dependency, state }, state === current ? 1 : 0);
    }
  };
  const options = {
    failures: config.BREAKER_FAILURES,
    halfOpenAfterMs: config.BREAKER_HALF_OPEN_AFTER,
    onStateChange,
  };
  onStateChange('MongoDB', 'closed');
  onStateChange('Redis', 'closed');
  return {
    mongodb: new DependencyBreaker('MongoDB', options),
    redis: new DependencyBreaker('Redis', options),
  };
}
