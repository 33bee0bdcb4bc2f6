import { type RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpAlbIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import type { InternalLoadBalancer } from './internal-load-balancer';

/** One API Gateway route path (`/x`, `/x/{proxy+}`) and whether the gateway itself demands a valid token. */
export interface ApiRoute {
  readonly path: string;
  readonly requireToken: boolean;
}

export interface PublicApiProps {
  readonly apiName: string;
  readonly vpc: ec2.IVpc;
  readonly loadBalancer: InternalLoadBalancer;
  readonly userPool: cognito.IUserPool;
  readonly userPoolClient: cognito.IUserPoolClient;
  readonly routes: readonly ApiRoute[];
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The HTTP API in front of the internal ALB, through a VPC link in the private subnets.
 * Each public path gets an `ANY` route (no `$default`: an unrouted path, `/metrics` say, is a
 * 404 here); routes that need a signed-in user are guarded by a Cognito JWT authorizer. Throttled and access-logged.
 */
export class PublicApi extends Construct {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  /** Host name of the default endpoint, used as CloudFront's origin. */
  readonly endpointHost: string;

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);
    const linkSecurityGroup = new ec2.SecurityGroup(this, 'VpcLinkSecurityGroup', {
      vpc: props.vpc,
      description: `${props.apiName} VPC link: to the internal ALB only`,
      allowAllOutbound: false,
    });
    const vpcLink = new apigwv2.VpcLink(this, 'VpcLink', {
      vpc: props.vpc,
      vpcLinkName: props.apiName,
      subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [linkSecurityGroup],
    });
    props.loadBalancer.allowFrom(linkSecurityGroup);

    this.api = new apigwv2.HttpApi(this, 'Api', {
      apiName: props.apiName,
      description: 'Go Mart public API (catalog, orders, fulfilment, recommendations, analytics)',
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      detailedMetricsEnabled: true,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
    });

    const integration = new HttpAlbIntegration('Alb', props.loadBalancer.listener, { vpcLink });
    const authorizer = new HttpUserPoolAuthorizer('Cognito', props.userPool, {
      authorizerName: `${props.apiName}-cognito`,
      userPoolClients: [props.userPoolClient],
    });
    for (const route of props.routes) {
      const [created] = this.api.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod.ANY],
        integration,
        authorizer: route.requireToken ? authorizer : undefined,
      });
      if (!route.requireToken && created) {
        acknowledge(
          created,
          'APIG4',
          `${route.path} serves public reads (catalog, slots, sign-in settings, API docs); writes under it are ` +
            'authorised by the service, which verifies the Cognito token and groups itself.',
        );
      }
    }

    const stack = Stack.of(this);
    this.endpointHost = `${this.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
  }
}

/** HTTP API access log fields (HTTP APIs support a subset of the REST API variables). */
const accessLogFields = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  method: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  userAgent: '$context.identity.userAgent',
};
