import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import type { GoMartConfig } from './config';
import { Network } from './constructs/network';

export interface NetworkStackProps extends StackProps {
  readonly config: GoMartConfig;
}

/** The VPC, its subnets, NAT gateways, flow logs and VPC endpoints. */
export class NetworkStack extends Stack {
  readonly vpc: ec2.IVpc;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const { profile } = props.config;
    this.vpc = new Network(this, 'Network', {
      cidr: props.config.vpcCidr,
      availabilityZones: props.config.availabilityZones,
      natGateways: profile.natGateways,
      interfaceEndpoints: profile.interfaceEndpoints,
      logRetention: profile.logRetention,
      removalPolicy: profile.dataRemovalPolicy,
    }).vpc;
  }
}
