import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, DynamoDBDocumentClientCommand } from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall, type marshallOptions, type unmarshallOptions } from '@aws-sdk/util-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { traceDynamoCommands } from './dynamo-tracing';

export interface DynamoClientOptions {
  readonly region: string;
  /** A local DynamoDB-API server (dynalite, moto); the AWS endpoint when omitted. */
  readonly endpoint?: string;
  readonly timeoutMs: number;
}

const MARSHALL: marshallOptions = {
  removeUndefinedValues: true,
  convertEmptyValues: false,
  convertTopLevelContainer: true,
};
const UNMARSHALL: unmarshallOptions = { convertWithoutMapWrapper: true };

/**
 * One document client per process. Keep-alive sockets and a generous pool: at peak every
 * order line is a request, and the SDK's default of 50 sockets queues them.
 *
 * The base client resolves its middleware once per kind of command (`cacheMiddleware`) instead
 * of sorting the whole stack again for every call: a fifth of the client's CPU per call, and an
 * order makes 28. The document commands cannot share a resolved stack (theirs marshals the
 * command it was built for), so the client converts their items itself — with the command's
 * own description of which fields hold items — and sends the plain command.
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
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: MARSHALL, unmarshallOptions: UNMARSHALL });
  // Set after `from`, which refuses it for the reason above; the two clients share one config.
  client.config.cacheMiddleware = true;
  const send = documents.send.bind(documents) as unknown as Send;
  documents.send = ((command: object, options?: object) =>
    command instanceof DynamoDBDocumentClientCommand
      ? sendPlain(send, command as unknown as DocumentCommand, options)
      : send(command, options)) as typeof documents.send;
  return documents;
}

type Send = (command: object, options?: object) => Promise<object>;
type Convert = (value: unknown) => unknown;

/**
 * Where a document command's input or output holds items, as lib-dynamodb describes it: `null`
 * the value itself, `{}` or `[]` each member, `{ '*': nodes }` each member by `nodes`, any
 * other keys those fields by theirs.
 */
type KeyNodes = null | Readonly<Record<string, unknown>>;

/** What a lib-dynamodb command holds beside its input (protected there, read here only). */
interface DocumentCommand {
  readonly input: object;
  readonly inputKeyNodes: KeyNodes;
  readonly outputKeyNodes: KeyNodes;
  /** The plain command it built beside itself, holding its input as given: sent with the items converted. */
  readonly clientCommand: { input: object };
}

async function sendPlain(send: Send, command: DocumentCommand, options?: object): Promise<unknown> {
  const plain = command.clientCommand;
  plain.input = fields(command.input, command.inputKeyNodes, toAttribute) as object;
  const output = await send(plain, options);
  return fields(output, command.outputKeyNodes, fromAttribute);
}

const toAttribute: Convert = (value) =>
  (marshall as (data: unknown, options: marshallOptions) => unknown)(value, MARSHALL);
const fromAttribute: Convert = (value) =>
  (unmarshall as (data: unknown, options: unmarshallOptions) => unknown)(value, UNMARSHALL);

/** `value` with what `nodes` names converted (the rest copied as it is); lib-dynamodb's walk, node for node. */
function convertAt(value: unknown, nodes: KeyNodes | undefined, convert: Convert): unknown {
  if (value === undefined) return undefined;
  if (nodes === null || nodes === undefined) return convert(value);
  const names = Object.keys(nodes);
  if (names.length === 1 && names[0] === '*') {
    const out: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
    for (const [name, member] of Object.entries(value as object)) {
      if (typeof member !== 'function')
        (out as Record<string, unknown>)[name] = convertAt(member, nodes['*'] as KeyNodes, convert);
    }
    return out;
  }
  if (names.length === 0) {
    if (Array.isArray(value))
      return value.filter((member) => typeof member !== 'function').map((member) => convertAt(member, null, convert));
    const out: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(value as object)) {
      if (typeof member === 'function') continue;
      const converted = convertAt(member, null, convert);
      if (converted !== undefined && typeof converted !== 'function') out[name] = converted;
    }
    return out;
  }
  return fields(value, nodes, convert);
}

function fields(value: unknown, nodes: KeyNodes, convert: Convert): unknown {
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> | unknown[] = Array.isArray(value)
    ? value.filter((member) => typeof member !== 'function')
    : Object.fromEntries(Object.entries(source).filter(([, member]) => typeof member !== 'function'));
  for (const [name, inner] of Object.entries(nodes ?? {})) {
    if (typeof source[name] === 'function') continue;
    const converted = convertAt(source[name], inner as KeyNodes, convert);
    if (converted !== undefined && typeof converted !== 'function') (out as Record<string, unknown>)[name] = converted;
  }
  return out;
}
