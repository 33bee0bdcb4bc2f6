import type { DynamicModule, Type } from '@nestjs/common';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import type { ServiceName } from '@gomart/contracts';
import { ServiceRegistration } from '@gomart/discovery';
import { createValidationPipe, runHttpApp } from '@gomart/http';
import { RpcContextInterceptor } from './rpc-context.interceptor';
import { RpcErrorFilter } from './rpc-error.filter';

/**
 * `main.ts` of a split service: a hybrid app serving its public routes and health over HTTP
 * and internal calls over a TCP microservice listener (TCP_PORT); registered in Cloud Map
 * once both listen, when it registers itself.
 */
export async function runService(service: ServiceName, rootModule: Type<unknown> | DynamicModule): Promise<void> {
  await runHttpApp(service, rootModule, {
    beforeListen: async ({ app, config, logger }) => {
      // Deferred, so the filter, interceptor and pipe below are in place when the handlers are
      // built: connected immediately, the listener's handlers would run without them.
      const microservice = app.connectMicroservice<MicroserviceOptions>(
        { transport: Transport.TCP, options: { host: config.transport.host, port: config.transport.port } },
        { deferInitialization: true },
      );
      microservice.useGlobalFilters(new RpcErrorFilter());
      microservice.useGlobalInterceptors(new RpcContextInterceptor());
      microservice.useGlobalPipes(createValidationPipe());
      await app.startAllMicroservices();
      logger.info({ tcpPort: config.transport.port }, `${service} accepting internal calls on TCP port ${config.transport.port}`);
    },
    afterListen: async ({ app }) => {
      await app.get(ServiceRegistration, { strict: false }).register();
    },
  });
}
