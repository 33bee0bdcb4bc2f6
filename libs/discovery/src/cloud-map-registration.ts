import {
  DeregisterInstanceCommand,
  ListNamespacesCommand,
  ListServicesCommand,
  RegisterInstanceCommand,
  type ServiceDiscoveryClient,
} from '@aws-sdk/client-servicediscovery';
import { Logger } from '@nestjs/common';

export interface RegistrationTarget {
  readonly namespace: string;
  readonly service: string;
  readonly instanceId: string;
  readonly host: string;
  readonly port: number;
}

/**
 * Self-registration in Cloud Map, for instances ECS does not manage (a laptop, a VM, the
 * tests): register on start, deregister first thing on shutdown so callers stop picking this
 * instance while it still serves what is in flight.
 */
export class CloudMapRegistration {
  private readonly logger = new Logger('Discovery');
  private serviceId?: string;

  constructor(
    private readonly client: ServiceDiscoveryClient,
    private readonly target: RegistrationTarget,
  ) {}

  async register(): Promise<void> {
    this.serviceId = await this.findServiceId();
    await this.client.send(
      new RegisterInstanceCommand({
        ServiceId: this.serviceId,
        InstanceId: this.target.instanceId,
        Attributes: { AWS_INSTANCE_IPV4: this.target.host, AWS_INSTANCE_PORT: String(this.target.port) },
      }),
    );
    this.logger.log(`registered ${this.target.service}/${this.target.instanceId} at ${this.target.host}:${this.target.port}`);
  }

  async deregister(): Promise<void> {
    if (!this.serviceId) return;
    await this.client.send(new DeregisterInstanceCommand({ ServiceId: this.serviceId, InstanceId: this.target.instanceId }));
    this.serviceId = undefined;
    this.logger.log(`deregistered ${this.target.service}/${this.target.instanceId}`);
  }

  private async findServiceId(): Promise<string> {
    const { namespace, service } = this.target;
    const namespaceId = await this.first(async (token) => {
      const page = await this.client.send(new ListNamespacesCommand({ NextToken: token }));
      return { found: page.Namespaces?.find((candidate) => candidate.Name === namespace)?.Id, next: page.NextToken };
    });
    if (!namespaceId) throw new Error(`Cloud Map namespace ${namespace} not found`);
    const serviceId = await this.first(async (token) => {
      const page = await this.client.send(
        new ListServicesCommand({ NextToken: token, Filters: [{ Name: 'NAMESPACE_ID', Values: [namespaceId], Condition: 'EQ' }] }),
      );
      return { found: page.Services?.find((candidate) => candidate.Name === service)?.Id, next: page.NextToken };
    });
    if (!serviceId) throw new Error(`Cloud Map service ${service} not found in ${namespace}`);
    return serviceId;
  }

  private async first(page: (token?: string) => Promise<{ found?: string; next?: string }>): Promise<string | undefined> {
    let token: string | undefined;
    do {
      const { found, next } = await page(token);
      if (found) return found;
      token = next;
    } while (token);
    return undefined;
  }
}
