import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { traceDynamoCommands } from './dynamo-tracing';

export interface DynamoClientOptions {
  readonly region: string;
  /** A local DynamoDB-API server (dynalite, moto); the AWS endpoint when omitted. */
  readonly endpoint?: string;
  readonly timeoutMs: number;
}

/**
 * One document client per process. Keep-alive sockets and a generous pool: at peak every
 * order line is a request, and the SDK's default of 50 sockets queues them.
 */
export function createDocumentClient(options: DynamoClientOptions): DynamoDBDocumentClient {
  const agentOptions = { keepAlive: true, maxSockets: 256 };
  const client = new DynamoDBClient({
    region: options.region,
    endpoint: options.endpoint,
    // Local engines accept any credentials; in AWS the task role's credentials are used.
    credentials: options.endpoint ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined,
    maxAttempts: 3,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: options.timeoutMs,
      requestTimeout: options.timeoutMs,
      // Without this the handler only logs a warning and the call hangs on a silent database.
      throwOnRequestTimeout: true,
      httpAgent: new Agent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
    }),
  });
  traceDynamoCommands(client);
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
}
