// The store a network hop away: `node latency-store.js <dynamodb folder>` serves the embedded
// engine (dynalite) on PORT and answers no call sooner than DELAY_MS after it arrived, about a
// DynamoDB call in the same region over TLS (whose own work, like the engine's here, is inside
// that time). The app runs against it with DYNAMODB_ENDPOINT (servers.ts), so the calls an order
// waits on one after another show in its latency; the engine's work runs in this process, not
// the app's.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import dynalite from 'dynalite';

const [path] = process.argv.slice(2);
const delayMs = Number(process.env.DELAY_MS ?? 5);
if (!path || !Number.isFinite(delayMs) || delayMs < 0) {
  process.stderr.write('usage: DELAY_MS=5 PORT=<port> node latency-store.js <dynamodb folder>\n');
  process.exit(2);
}

// dynalite's own server is never started: its request handler is taken and given each request at
// once, and its answer (dynalite answers with one `end(body)`) held until DELAY_MS have passed.
const engine = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
const [handle] = engine.listeners('request') as ((request: IncomingMessage, response: ServerResponse) => void)[];
if (!handle) throw new Error('dynalite no longer registers a request handler on its server');
const server = createServer((request, response) => {
  const due = performance.now() + delayMs;
  const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
  response.end = ((...args: unknown[]) => {
    // A timer can fire early (it counts from the loop's cached clock) or a millisecond late: it
    // is set to a millisecond short, and the rest is waited out a loop turn at a time.
    const answer = () => {
      const wait = due - performance.now();
      if (wait <= 0) end(...args);
      else if (wait > 1) setTimeout(answer, wait - 1);
      else setImmediate(answer);
    };
    answer();
    return response;
  }) as ServerResponse['end'];
  handle.call(engine, request, response);
});
server.keepAliveTimeout = 60_000;

// The folder is the run's throwaway copy: nothing to flush on the way out.
const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => process.stdout.write('latency store: ready\n'));
