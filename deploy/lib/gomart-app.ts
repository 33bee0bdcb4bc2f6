import { App, Aspects, type Environment, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AuditStack } from './audit-stack';
import { CfnLintSchemaLag } from './cfn-lint';
import { type EnvironmentName, readConfig } from './config';
import { DataStack } from './data-stack';
import { EdgeSecurityStack } from './edge-security-stack';
import { EdgeStack } from './edge-stack';
import { IdentityStack } from './identity-stack';
import { MessagingStack } from './messaging-stack';
import { enableNagChecks } from './nag';
import { NetworkStack } from './network-stack';
import { type ImageSource, ServicesStack } from './services-stack';
import { publicPathPatterns } from './services';

export interface GoMartOptions {
  readonly image: ImageSource;
  /** The environment to build; the `env` context unless given (a pipeline stage gives its own). */
  readonly envName?: EnvironmentName;
  /** The storefront build (`<repository>/dist/storefront`), uploaded by the edge stack when it exists. */
  readonly storefrontDirectory?: string;
}

export interface GoMartStacks {
  readonly network: NetworkStack;
  readonly data: DataStack;
  readonly messaging: MessagingStack;
  readonly identity: IdentityStack;
  readonly services: ServicesStack;
  readonly edgeSecurity: EdgeSecurityStack;
  readonly edge: EdgeStack;
  readonly audit?: AuditStack;
}

/** CloudFront only accepts WAF web ACLs and certificates from this region. */
const CLOUDFRONT_REGION = 'us-east-1';

/**
 * Builds the whole estate into `scope` (the app, or a pipeline stage) from its context (see
 * config.ts) and runs the cdk-nag AwsSolutions checks over it. Stacks are named
 * `<project>-<env>-<part>`, inside a stage too. The account is the stage's, or else left to
 * the deploying credentials, so synthesis needs none.
 */
export function createGoMart(scope: Construct, options: GoMartOptions): GoMartStacks {
  const app = scope;
  const config = readConfig(scope.node, options.envName);
  const env: Environment = { region: config.region };
  const common = { env, config, terminationProtection: config.profile.deletionProtection };
  const name = (part: string): string => `${config.prefix}-${part}`;

  const network = new NetworkStack(app, name('network'), {
    ...common,
    stackName: name('network'),
    description: 'Go Mart VPC, subnets, NAT gateways, flow logs and VPC endpoints',
  });
  const data = new DataStack(app, name('data'), {
    ...common,
    stackName: name('data'),
    description: 'Go Mart DynamoDB tables, Redis, exports lake and archive',
    vpc: network.vpc,
  });
  const messaging = new MessagingStack(app, name('messaging'), {
    ...common,
    stackName: name('messaging'),
    description: 'Go Mart order events (SNS, SQS with DLQs) and SES identity',
  });
  const identity = new IdentityStack(app, name('identity'), {
    ...common,
    stackName: name('identity'),
    description: 'Go Mart Cognito user pool',
  });
  const services = new ServicesStack(app, name('services'), {
    ...common,
    stackName: name('services'),
    description: 'Go Mart ECS Fargate services, internal ALB, Cloud Map, HTTP API, alarms and dashboard',
    vpc: network.vpc,
    image: { ...options.image, tag: config.imageTag, project: config.project },
    tables: data.tables,
    cache: data.cache,
    archive: data.archive,
    events: messaging.events,
    mail: messaging.mail,
    users: identity.directory,
  });
  const edgeSecurity = new EdgeSecurityStack(app, name('edge-security'), {
    ...common,
    stackName: name('edge-security'),
    env: { region: CLOUDFRONT_REGION },
    crossRegionReferences: true,
    description: 'Go Mart WAF web ACL and CloudFront certificate (us-east-1)',
  });
  const edge = new EdgeStack(app, name('edge'), {
    ...common,
    stackName: name('edge'),
    crossRegionReferences: true,
    description: 'Go Mart CloudFront distribution, storefront bucket and DNS records',
    api: {
      host: services.api.endpointHost,
      pathPatterns: publicPathPatterns,
      verifyHeader: services.originVerifyHeader,
    },
    webAclArn: edgeSecurity.webAclArn,
    certificate: edgeSecurity.certificate,
    storefrontDirectory: options.storefrontDirectory,
  });
  const audit = config.cloudTrail
    ? new AuditStack(app, name('audit'), {
        ...common,
        stackName: name('audit'),
        description: 'Go Mart CloudTrail trail',
      })
    : undefined;

  Tags.of(app).add('project', config.project);
  Tags.of(app).add('environment', config.envName);
  Tags.of(app).add('managed-by', 'aws-cdk');
  Aspects.of(app).add(new CfnLintSchemaLag());
  // An app's plugins cover its stages: a stage (in the pipeline) is checked by the pipeline app's.
  if (App.isApp(scope)) enableNagChecks(scope);

  return { network, data, messaging, identity, services, edgeSecurity, edge, audit };
}
