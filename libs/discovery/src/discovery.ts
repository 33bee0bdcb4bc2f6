export const DISCOVERY = Symbol('DISCOVERY');

export interface ServiceInstance {
  readonly id: string;
  readonly host: string;
  readonly port: number;
}

/**
 * Where the instances of a service are. Callers pick among them (round-robin) and report
 * the ones that failed, so the next lookup can avoid them.
 */
export interface Discovery {
  /** Healthy instances of `service`; empty when there are none. */
  instances(service: string): Promise<readonly ServiceInstance[]>;
  /** A connection to `instance` failed: stop offering it until the next refresh. */
  reportFailure(service: string, instance: ServiceInstance): void;
}
