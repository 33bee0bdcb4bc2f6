/**
 * The services of the split shape, named once: the apps, static discovery, the split start
 * script and the CDK estate all read this list. Renaming one breaks deployed discovery
 * entries (Cloud Map service names) and every caller's configuration.
 */
export const SERVICES = ['catalog', 'orders', 'notifications', 'analytics-export'] as const;

export type ServiceName = (typeof SERVICES)[number];

/** Every deployable app: the four services and the monolith that holds them all. */
export type AppName = ServiceName | 'gomart';

/** Where each service listens by default when the split shape runs on one machine. */
export const LOCAL_PORTS: Readonly<Record<ServiceName, { readonly http: number; readonly tcp: number }>> = {
  catalog: { http: 3001, tcp: 4001 },
  orders: { http: 3002, tcp: 4002 },
  notifications: { http: 3003, tcp: 4003 },
  'analytics-export': { http: 3004, tcp: 4004 },
};

export function isServiceName(value: string): value is ServiceName {
  return (SERVICES as readonly string[]).includes(value);
}
