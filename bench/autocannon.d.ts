/** The part of autocannon 9's programmatic API the benchmark uses; the package ships no types. */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  namespace autocannon {
    interface RequestParams {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
    }

    interface RequestSpec extends RequestParams {
      /** Called before each request is sent; returns the request to send. */
      /** Returning undefined ends the sequence here: the connection starts again at the first request, with a fresh context. */
      setupRequest?: (request: RequestParams, context: Record<string, unknown>) => RequestParams | undefined;
    }

    interface Options {
      url: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      /** Seconds to wait for a response before counting a timeout. */
      timeout?: number;
      requests?: RequestSpec[];
    }

    interface Stats {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total: number;
      p50: number;
      p99: number;
    }

    interface Result {
      requests: Stats;
      latency: Stats;
      /** Seconds the run took. */
      duration: number;
      /** Socket errors, timeouts included. */
      errors: number;
      timeouts: number;
      non2xx: number;
      statusCodeStats: Record<string, { count: number }>;
    }

    /** One connection; during a 'response' event its iterator still points at the request answered (pipelining 1). */
    interface Client {
      readonly requestIterator: { readonly currentRequestIndex: number };
    }

    interface Instance extends EventEmitter {
      stop(): void;
      on(
        event: 'response',
        listener: (client: Client, statusCode: number, bytes: number, responseTimeMs: number) => void,
      ): this;
    }
  }

  function autocannon(
    options: autocannon.Options,
    callback: (error: Error | null, result: autocannon.Result) => void,
  ): autocannon.Instance;

  export = autocannon;
}
