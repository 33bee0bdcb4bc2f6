import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface InternalLoadBalancerProps {
  readonly vpc: ec2.IVpc;
  /** At most 32 characters. */
  readonly loadBalancerName: string;
  readonly accessLogs: s3.IBucket;
  readonly deletionProtection: boolean;
}

/**
 * The internal Application Load Balancer in the private subnets. It is reached only through
 * the API's VPC link; each service adds its own path rule, and anything unrouted gets a JSON 404.
 */
export class InternalLoadBalancer extends Construct {
  static readonly PORT = 80;

  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly listener: elbv2.ApplicationListener;

  constructor(scope: Construct, id: string, props: InternalLoadBalancerProps) {
    super(scope, id);
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${props.loadBalancerName} internal ALB - from the API VPC link only`,
      allowAllOutbound: false,
    });
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      loadBalancerName: props.loadBalancerName,
      vpc: props.vpc,
      internetFacing: false,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroup,
      deletionProtection: props.deletionProtection,
      dropInvalidHeaderFields: true,
      idleTimeout: Duration.seconds(60),
    });
    this.loadBalancer.logAccessLogs(props.accessLogs, 'alb');

    // Plain HTTP inside the VPC: TLS ends at CloudFront and API Gateway (see README).
    this.listener = this.loadBalancer.addListener('Http', {
      port: InternalLoadBalancer.PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
      defaultAction: elbv2.ListenerAction.fixedResponse(404, {
        contentType: 'application/json',
        messageBody: '{"code":"NOT_FOUND","message":"No such route"}',
      }),
    });
  }

  /** Admits a client (the VPC link) to the listener port. */
  allowFrom(client: ec2.IConnectable): void {
    this.listener.connections.allowDefaultPortFrom(client, 'API VPC link');
  }
}
