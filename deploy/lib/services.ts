import type { ServiceName } from './app-tables';

export type { ServiceName };

/**
 * What each split service is and needs: the one place that says which paths it serves,
 * whom it calls and which events, mail and buckets it touches. Stacks derive routing,
 * security groups and IAM from this list.
 */
export interface ServiceDefinition {
  /** The app name: `apps/<name>`, the image's `APP` build argument and the Cloud Map service name. */
  readonly name: ServiceName;
  /** Public path prefix routed to the service (`/prefix` and `/prefix/*`). */
  readonly pathPrefix: string;
  /**
   * Whether API Gateway rejects requests without a valid Cognito token before they reach
   * the service. The service verifies tokens itself either way; public reads need `false`.
   */
  readonly requireTokenAtGateway: boolean;
  /** Services this one calls over the TCP microservice port (discovered through Cloud Map). */
  readonly calls: readonly ServiceName[];
  readonly publishesEvents: boolean;
  readonly consumesEvents: boolean;
  readonly sendsMail: boolean;
  readonly writesExports: boolean;
}

export const serviceDefinitions: readonly ServiceDefinition[] = [
  {
    name: 'catalog',
    pathPrefix: '/catalog',
    requireTokenAtGateway: false,
    calls: [],
    publishesEvents: false,
    consumesEvents: false,
    sendsMail: false,
    writesExports: false,
  },
  {
    name: 'orders',
    pathPrefix: '/orders',
    requireTokenAtGateway: true,
    calls: ['catalog'],
    publishesEvents: true,
    consumesEvents: false,
    sendsMail: false,
    writesExports: false,
  },
  {
    name: 'notifications',
    pathPrefix: '/notifications',
    requireTokenAtGateway: true,
    calls: [],
    publishesEvents: false,
    consumesEvents: true,
    sendsMail: true,
    writesExports: false,
  },
  {
    name: 'analytics-export',
    pathPrefix: '/analytics',
    requireTokenAtGateway: true,
    calls: [],
    publishesEvents: false,
    consumesEvents: true,
    sendsMail: false,
    writesExports: true,
  },
];

/** The ports every service image listens on (the app contract). */
export const servicePorts = { http: 3000, tcp: 4000 } as const;

/** Services that consume the order events, each from its own queue. */
export const eventConsumers: readonly ServiceName[] = serviceDefinitions
  .filter((service) => service.consumesEvents)
  .map((service) => service.name);
