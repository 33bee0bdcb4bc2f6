import { isServiceName, type ServiceName } from '@gomart/contracts';

export interface ServiceAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * `catalog=10.0.0.5:4000,10.0.0.6:4000;orders=...`: the instances of each service for static
 * discovery. The schema has checked the shape; this checks names and ports and keeps order.
 */
export function parseStaticServices(spec: string): Partial<Record<ServiceName, ServiceAddress[]>> {
  const services: Partial<Record<ServiceName, ServiceAddress[]>> = {};
  for (const entry of spec.split(';')) {
    const [name = '', addresses = ''] = entry.split('=');
    if (!isServiceName(name)) throw new Error(`STATIC_SERVICES: unknown service "${name}"`);
    services[name] = addresses.split(',').map(parseAddress);
  }
  return services;
}

function parseAddress(address: string): ServiceAddress {
  const separator = address.lastIndexOf(':');
  const port = Number(address.slice(separator + 1));
  if (separator <= 0 || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`STATIC_SERVICES: "${address}" is not host:port`);
  }
  return { host: address.slice(0, separator), port };
}
