import { tablesOf, type DynamoConnection } from '@gomart/dynamo';

/** One call the app's store client sent: its operation, the tables it names, and when it ran. */
export interface StoreCall {
  readonly command: string;
  readonly tables: readonly string[];
  readonly start: number;
  /** Infinity while the call is in flight. */
  end: number;
}

let recorders = 0;

/**
 * Records every call the app's store client sends from now until `stop()`, as the code sends it
 * (retries are one call). The client keeps each kind of command's resolved middleware
 * (`cacheMiddleware`), so adding and removing the recorder makes it forget them, as the SDK does
 * itself when a call comes with options.
 */
export function recordStoreCalls(connection: DynamoConnection): { readonly calls: StoreCall[]; stop(): void } {
  const { client } = connection;
  const calls: StoreCall[] = [];
  const name = `testStoreCalls${(recorders += 1)}`;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const call: StoreCall = {
        command: String(context.commandName).replace(/Command$/, ''),
        tables: tablesOf(args.input),
        start: performance.now(),
        end: Number.POSITIVE_INFINITY,
      };
      calls.push(call);
      try {
        return await next(args);
      } finally {
        call.end = performance.now();
      }
    },
    { step: 'initialize', name },
  );
  Reflect.deleteProperty(client, 'handlers');
  return {
    calls,
    stop: () => {
      client.middlewareStack.remove(name);
      Reflect.deleteProperty(client, 'handlers');
    },
  };
}
