import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inSpan, SpanKind, tracingEnabled } from '@gomart/tracing';

/**
 * A client span per DynamoDB command (retries included), named `DynamoDB.<Operation>` with the
 * table, as the OpenTelemetry conventions for AWS SDK calls have it. Off, the middleware
 * passes the call straight on.
 */
export function traceDynamoCommands(client: DynamoDBClient): void {
  client.middlewareStack.add(
    (next, context) => (args) => {
      if (!tracingEnabled()) return next(args);
      const operation = String(context.commandName ?? 'Command').replace(/Command$/, '');
      const tables = tablesOf(args.input);
      const attributes = {
        'db.system.name': 'aws.dynamodb',
        'rpc.system': 'aws-api',
        'rpc.service': 'DynamoDB',
        'rpc.method': operation,
        'aws.dynamodb.table_names': tables,
      };
      return inSpan(`DynamoDB.${operation}`, { kind: SpanKind.CLIENT, attributes }, () => next(args));
    },
    { step: 'initialize', name: 'gomartTracing', override: true },
  );
}

/** The tables a command's input names: its `TableName`, or a batch's `RequestItems`. */
export function tablesOf(input: object): string[] {
  const { TableName, RequestItems } = input as { TableName?: unknown; RequestItems?: Record<string, unknown> };
  return typeof TableName === 'string' ? [TableName] : Object.keys(RequestItems ?? {});
}
