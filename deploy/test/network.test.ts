import { Match } from 'aws-cdk-lib/assertions';
import { type CfnTemplate, type Estate, onlyResource, resourcesOfType, synthesize, prodMinimal } from './estate';

/** Logical ids of the subnets of one CDK subnet type (`Public`, `Private`, `Isolated`). */
function subnetsOfType(network: CfnTemplate, type: string): Set<string> {
  return new Set(
    resourcesOfType(network, 'AWS::EC2::Subnet')
      .filter(([, subnet]) =>
        (subnet.Properties?.Tags as { Key: string; Value: string }[]).some(
          (tag) => tag.Key === 'aws-cdk:subnet-type' && tag.Value === type,
        ),
      )
      .map(([id]) => id),
  );
}

/** The subnet logical ids a list of cross-stack subnet references points at. */
function referencedSubnets(estate: Estate, subnets: unknown): string[] {
  return (subnets as unknown[]).map((subnet) => (estate.produced(subnet) as { Ref: string }).Ref);
}

describe('network', () => {
  let dev: Estate;
  let prod: Estate;
  beforeAll(() => {
    dev = synthesize({ env: 'dev' });
    prod = synthesize({ ...prodMinimal });
  });

  it('spans the profile AZs with one NAT gateway in dev and one per AZ in prod', () => {
    const zones = (estate: Estate) =>
      new Set(
        resourcesOfType(estate.json(estate.network), 'AWS::EC2::Subnet').map(
          ([, subnet]) => subnet.Properties?.AvailabilityZone,
        ),
      );
    expect(zones(dev)).toEqual(new Set(['ap-southeast-2a', 'ap-southeast-2b']));
    expect(zones(prod)).toEqual(new Set(['ap-southeast-2a', 'ap-southeast-2b', 'ap-southeast-2c']));
    dev.template(dev.network).resourceCountIs('AWS::EC2::NatGateway', 1);
    prod.template(prod.network).resourceCountIs('AWS::EC2::NatGateway', 3);
  });

  it('puts only NAT gateways in the public subnets, which hand out no public IPs', () => {
    const network = prod.json(prod.network);
    const publicSubnets = subnetsOfType(network, 'Public');
    for (const [, nat] of resourcesOfType(network, 'AWS::EC2::NatGateway')) {
      expect(publicSubnets).toContain((nat.Properties?.SubnetId as { Ref: string }).Ref);
    }
    for (const id of publicSubnets) {
      expect(network.Resources[id]?.Properties?.MapPublicIpOnLaunch).toBe(false);
    }
    // Nothing outside the network stack references a public subnet.
    const publicOutputs = Object.entries(network.Outputs ?? {})
      .filter(([, output]) => publicSubnets.has((output.Value as { Ref?: string }).Ref ?? ''))
      .map(([name]) => name);
    for (const stack of [prod.data, prod.services, prod.edge]) {
      const text = JSON.stringify(prod.json(stack));
      for (const output of publicOutputs) expect(text).not.toContain(`"${output}"`);
    }
  });

  it('runs every task, the internal ALB and the VPC link in private subnets', () => {
    const privateSubnets = subnetsOfType(prod.json(prod.network), 'Private');
    const services = prod.json(prod.services);

    const ecsServices = resourcesOfType(services, 'AWS::ECS::Service');
    expect(ecsServices).toHaveLength(4);
    for (const [, service] of ecsServices) {
      const network = (service.Properties?.NetworkConfiguration as { AwsvpcConfiguration: Record<string, unknown> })
        .AwsvpcConfiguration;
      expect(network.AssignPublicIp).toBe('DISABLED');
      const subnets = referencedSubnets(prod, network.Subnets);
      expect(subnets).toHaveLength(3);
      for (const subnet of subnets) expect(privateSubnets).toContain(subnet);
    }

    const alb = onlyResource(services, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(alb.Scheme).toBe('internal');
    for (const subnet of referencedSubnets(prod, alb.Subnets)) expect(privateSubnets).toContain(subnet);

    const link = onlyResource(services, 'AWS::ApiGatewayV2::VpcLink');
    for (const subnet of referencedSubnets(prod, link.SubnetIds)) expect(privateSubnets).toContain(subnet);
  });

  it('keeps Redis in the isolated subnets', () => {
    const isolated = subnetsOfType(prod.json(prod.network), 'Isolated');
    const group = onlyResource(prod.json(prod.data), 'AWS::ElastiCache::SubnetGroup');
    for (const subnet of referencedSubnets(prod, group.SubnetIds)) expect(isolated).toContain(subnet);
  });

  it('has gateway endpoints for DynamoDB and S3 in every profile', () => {
    for (const estate of [dev, prod]) {
      for (const service of ['dynamodb', 's3']) {
        estate.template(estate.network).hasResourceProperties('AWS::EC2::VPCEndpoint', {
          VpcEndpointType: 'Gateway',
          ServiceName: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([`.${service}`])] }),
        });
      }
    }
  });

  it('adds interface endpoints for the APIs the tasks call in prod only', () => {
    const names = (estate: Estate) =>
      resourcesOfType(estate.json(estate.network), 'AWS::EC2::VPCEndpoint')
        .filter(([, endpoint]) => endpoint.Properties?.VpcEndpointType === 'Interface')
        .map(([, endpoint]) => String(endpoint.Properties?.ServiceName).replace('com.amazonaws.ap-southeast-2.', ''))
        .sort();
    expect(names(dev)).toEqual([]);
    expect(names(prod)).toEqual(
      [
        'data-servicediscovery',
        'ecr.api',
        'ecr.dkr',
        'email',
        'logs',
        'secretsmanager',
        'servicediscovery',
        'sns',
        'sqs',
        'xray',
      ].sort(),
    );
    prod.template(prod.network).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.40.0.0/16', FromPort: 443, ToPort: 443 })],
    });
  });

  it('logs all VPC traffic', () => {
    dev.template(dev.network).hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL' });
  });
});
