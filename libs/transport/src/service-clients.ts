import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { sleep } from '@gomart/async';
import { APP_CONFIG, type AppConfig } from '@gomart/config';
import { DomainError, isErrorBody, type ServiceName } from '@gomart/contracts';
import { withRequestMeta } from '@gomart/request-context';
import { inSpan, SpanKind, traceCarrier } from '@gomart/tracing';
import { DISCOVERY, type Discovery, type ServiceInstance } from '@gomart/discovery';
import { firstValueFrom, timeout } from 'rxjs';

export interface CallOptions {
  /**
   * Safe to repeat (the callee de-duplicates, or the call changes nothing): then a timeout or
   * a dropped connection is retried on another instance. A call that is not idempotent is
   * only moved to another instance when the first refused the connection (never delivered).
   */
  readonly idempotent: boolean;
}

/** No instance of the service could answer; carries the last failure. */
export class ServiceUnavailableError extends Error {
  constructor(
    readonly service: string,
    cause: unknown,
  ) {
    super(`${service} unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ServiceUnavailableError';
  }
}

const BASE_BACKOFF_MS = 25;

/**
 * Request/reply calls to other services over @nestjs/microservices TCP. Instances come from
 * discovery (round-robin); each call has a deadline (RPC_TIMEOUT_MS) and at most RPC_RETRIES
 * retries with jittered back-off, preferring instances not yet tried. A reply carrying an
 * error body is the callee's answer, re-raised as a DomainError and never retried.
 */
@Injectable()
export class ServiceClients implements OnApplicationShutdown {
  private readonly logger = new Logger('ServiceClients');
  private readonly clients = new Map<string, ClientProxy>();
  private readonly nextIndex = new Map<string, number>();

  constructor(
    @Inject(DISCOVERY) private readonly discovery: Discovery,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** One client span per call (its retries included), whose context the callee continues. */
  call<T>(service: ServiceName, pattern: string, payload: object, options: CallOptions): Promise<T> {
    const attributes = { 'rpc.system': 'nestjs-tcp', 'rpc.service': service, 'rpc.method': pattern };
    return inSpan(pattern, { kind: SpanKind.CLIENT, attributes }, () => this.callInstances(service, pattern, payload, options));
  }

  private async callInstances<T>(service: ServiceName, pattern: string, payload: object, options: CallOptions): Promise<T> {
    // The caller's request id and trace context travel with the call, into the callee's logs and spans.
    const message = withRequestMeta(payload, traceCarrier());
    const { timeoutMs, retries } = this.config.transport;
    const tried = new Set<string>();
    let lastError: unknown = new Error('no instance registered');
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await sleep(BASE_BACKOFF_MS * 2 ** (attempt - 1) * (0.5 + Math.random()));
      let instance: ServiceInstance | undefined;
      try {
        instance = this.pick(service, await this.discovery.instances(service), tried);
      } catch (error) {
        lastError = error;
        continue;
      }
      if (!instance) continue;
      tried.add(instance.id);
      try {
        return await firstValueFrom(this.client(instance).send<T>(pattern, message).pipe(timeout({ first: timeoutMs })));
      } catch (error) {
        if (isErrorBody(error)) throw DomainError.fromBody(error)!;
        lastError = error;
        const refused = isConnectionRefused(error);
        if (refused || isConnectionLost(error)) {
          this.discovery.reportFailure(service, instance);
          this.drop(instance);
        }
        if (!options.idempotent && !refused) break;
      }
    }
    throw new ServiceUnavailableError(service, lastError);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const client of this.clients.values()) await client.close();
    this.clients.clear();
  }

  private pick(service: string, instances: readonly ServiceInstance[], tried: ReadonlySet<string>) {
    const fresh = instances.filter((instance) => !tried.has(instance.id));
    const candidates = fresh.length > 0 ? fresh : instances;
    if (candidates.length === 0) return undefined;
    const index = this.nextIndex.get(service) ?? 0;
    this.nextIndex.set(service, index + 1);
    return candidates[index % candidates.length];
  }

  private client(instance: ServiceInstance): ClientProxy {
    let client = this.clients.get(instance.id);
    if (!client) {
      client = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: instance.host, port: instance.port } });
      this.clients.set(instance.id, client);
    }
    return client;
  }

  private drop(instance: ServiceInstance): void {
    const client = this.clients.get(instance.id);
    this.clients.delete(instance.id);
    void Promise.resolve(client?.close()).catch((error: unknown) => this.logger.debug(String(error)));
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function isConnectionRefused(error: unknown): boolean {
  return ['ECONNREFUSED', 'EHOSTUNREACH', 'ENOTFOUND'].includes(errorCode(error) ?? '');
}

function isConnectionLost(error: unknown): boolean {
  return (
    ['ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(errorCode(error) ?? '') ||
    (error instanceof Error && error.message === 'Connection closed')
  );
}
