// The part of autocannon's API that the benchmark uses; the package ships no types.
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  namespace autocannon {
    interface Options {
      url: string;
      connections: number;
      duration?: number;
      /** Requests to send before stopping, instead of a duration. */
      amount?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
    }

    interface Result {
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      /** Answers by status code. */
      statusCodeStats: Record<string, { count: number }>;
      requests: { total: number };
    }

    interface Instance extends EventEmitter {
      on(
        event: 'response',
        listener: (client: unknown, status: number, bytes: number, latencyMs: number) => void,
      ): this;
    }
  }

  function autocannon(
    options: autocannon.Options,
    callback: (error: Error | null, result: autocannon.Result) => void,
  ): autocannon.Instance;

  export = autocannon;
}
