import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as pipelines from 'aws-cdk-lib/pipelines';
import type { Construct } from 'constructs';
import { readConfig } from './config';
import { ImageRepositories } from './constructs/image-repositories';
import { AccessLogsBucket, SecureBucket } from './constructs/secure-bucket';
import { GoMartStage } from './gomart-stage';
import type { ImageSource } from './images';
import { acknowledgePipeline } from './pipeline-nag';
import { type PipelineConfig, contextArguments } from './pipeline-config';

export interface PipelineStackProps extends StackProps {
  readonly pipeline: PipelineConfig;
  readonly image: ImageSource;
  readonly storefrontDirectory?: string;
}

/**
 * Debian 12, as the CI machines: redis-server and chromium come from apt (Ubuntu's CodeBuild
 * standard images ship chromium only as a snap, which does not run in a build container).
 * From the ECR Public mirror of Docker's official images, so no Docker Hub rate limit applies.
 */
export const BUILD_IMAGE = 'public.ecr.aws/docker/library/node:24-bookworm';

/** The steps of `.ci/run` that need no container engine, then the synthesis the pipeline deploys. */
export function synthCommands(context: string): string[] {
  return [
    'npm ci --no-audit --no-fund',
    'npm run build',
    'npm run typecheck',
    'npm run lint',
    'npm test',
    'npm run cdk:synth',
    `cd deploy && node ../node_modules/aws-cdk/bin/cdk synth --output cdk.out/pipeline -c pipeline=true -c imageTag="$COMMIT_ID" ${context}`,
  ];
}

/**
 * The delivery pipeline (CDK Pipelines on CodePipeline V2): source through a CodeConnections
 * connection -> build and test as CI does, and synthesize -> update itself -> publish assets
 * (the storefront build included) -> build and push the app images to their ECR repositories
 * -> deploy dev -> smoke test dev through its public URL -> manual approval -> deploy prod.
 * Services roll out as canaries with alarm rollback (see FargateAppService).
 */
export class PipelineStack extends Stack {
  readonly repositories: ImageRepositories;
  readonly pipeline: pipelines.CodePipeline;
  readonly dev: GoMartStage;
  readonly prod: GoMartStage;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const config = props.pipeline;
    this.nameAvailabilityZones(config);
    this.repositories = new ImageRepositories(this, 'Images', {
      project: config.project,
      imagesToKeep: config.imagesToKeep,
    });

    const logs = new AccessLogsBucket(this, 'AccessLogs', {
      expireAfter: Duration.days(90),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const artifacts = new SecureBucket(this, 'Artifacts', {
      accessLogs: logs,
      accessLogsPrefix: 'artifacts/',
      removalPolicy: RemovalPolicy.DESTROY,
      lifecycleRules: [{ expiration: Duration.days(30) }],
    });
    const buildCache = new SecureBucket(this, 'BuildCache', {
      accessLogs: logs,
      accessLogsPrefix: 'build-cache/',
      removalPolicy: RemovalPolicy.DESTROY,
      lifecycleRules: [{ expiration: Duration.days(14) }],
    });

    const source = pipelines.CodePipelineSource.connection(config.repository, config.branch, {
      connectionArn: config.connectionArn,
    });
    const commitId = source.sourceAttribute('CommitId');
    this.pipeline = new pipelines.CodePipeline(this, 'Pipeline', {
      pipelineName: `${config.project}-delivery`,
      artifactBucket: artifacts,
      crossAccountKeys: false,
      synth: new pipelines.ShellStep('BuildTestSynth', {
        input: source,
        env: { COMMIT_ID: commitId },
        installCommands: [
          'apt-get update -qq',
          'apt-get install -y -qq --no-install-recommends redis-server chromium python3-venv',
          // cfn-lint for npm run cdk:synth; Debian's Python refuses a global pip install.
          'python3 -m venv /opt/cfn-lint && /opt/cfn-lint/bin/pip install -q cfn-lint && ln -sf /opt/cfn-lint/bin/cfn-lint /usr/local/bin/',
        ],
        commands: synthCommands(contextArguments(this.node)),
        primaryOutputDirectory: 'deploy/cdk.out/pipeline',
      }),
      synthCodeBuildDefaults: {
        buildEnvironment: {
          buildImage: codebuild.LinuxBuildImage.fromDockerRegistry(BUILD_IMAGE),
          computeType: codebuild.ComputeType.LARGE,
        },
        cache: codebuild.Cache.bucket(buildCache, { prefix: 'synth' }),
        partialBuildSpec: codebuild.BuildSpec.fromObject({ cache: { paths: ['/root/.npm/**/*'] } }),
        timeout: Duration.minutes(60),
      },
      codeBuildDefaults: {
        buildEnvironment: { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0 },
      },
    });

    const stageEnv = { account: config.account, region: config.region };
    const stageImage = { ...props.image, project: config.project };
    this.dev = new GoMartStage(this, 'Dev', {
      env: stageEnv,
      envName: 'dev',
      image: stageImage,
      storefrontDirectory: props.storefrontDirectory,
    });
    this.prod = new GoMartStage(this, 'Prod', {
      env: stageEnv,
      envName: 'prod',
      image: stageImage,
      storefrontDirectory: props.storefrontDirectory,
    });
    const devPrefix = readConfig(this.node, 'dev').prefix;
    this.pipeline.addStage(this.dev, {
      pre: [this.pushImages(config, commitId)],
      post: [this.smokeTest(config, devPrefix)],
    });
    this.pipeline.addStage(this.prod, {
      pre: [
        new pipelines.ManualApprovalStep('PromoteToProd', {
          comment: 'Dev passed its smoke test. Promote this commit to production?',
        }),
      ],
    });

    this.pipeline.buildPipeline();
    acknowledgePipeline(this, this.pipeline);
  }

  /**
   * The stages have an account, so the VPC would look the region's zones up (an AWS call
   * during synthesis). The estate names its zones (config.ts); answer the look-up with them.
   * Must run before any child is added.
   */
  private nameAvailabilityZones(config: PipelineConfig): void {
    const zones = new Set((['dev', 'prod'] as const).flatMap((env) => readConfig(this.node, env).availabilityZones));
    this.node.setContext(`availability-zones:account=${config.account}:region=${config.region}`, [...zones].sort());
  }

  /** Builds every app image once per commit and pushes it under the commit id (tags are immutable). */
  private pushImages(config: PipelineConfig, commitId: string): pipelines.CodeBuildStep {
    const step = new pipelines.CodeBuildStep('PushImages', {
      commands: ['bash deploy/scripts/push-images.sh'],
      env: {
        PROJECT: config.project,
        IMAGE_TAG: commitId,
        REGISTRY: `${config.account}.dkr.ecr.${config.region}.${this.urlSuffix}`,
      },
      buildEnvironment: { privileged: true, computeType: codebuild.ComputeType.LARGE },
      rolePolicyStatements: [
        new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
        new iam.PolicyStatement({
          actions: [
            'ecr:BatchCheckLayerAvailability',
            'ecr:BatchGetImage',
            'ecr:DescribeImages',
            'ecr:GetDownloadUrlForLayer',
            'ecr:CompleteLayerUpload',
            'ecr:InitiateLayerUpload',
            'ecr:PutImage',
            'ecr:UploadLayerPart',
          ],
          resources: [...this.repositories.repositories.values()].map((repository) => repository.repositoryArn),
        }),
      ],
    });
    return step;
  }

  /**
   * Dev, seen from outside: stable services with healthy targets (the ALB's /health/ready),
   * the storefront, a catalog read, and an order placed and cancelled by the test customer.
   */
  private smokeTest(config: PipelineConfig, devPrefix: string): pipelines.CodeBuildStep {
    const { identity, edge, services } = this.dev.stacks;
    const arn = (service: string, resource: string): string =>
      this.formatArn({ service, region: config.region, account: config.account, resource });
    return new pipelines.CodeBuildStep('SmokeTest', {
      commands: ['bash deploy/scripts/smoke-test.sh'],
      envFromCfnOutputs: {
        STOREFRONT_URL: edge.urlOutput,
        USER_POOL_ID: identity.userPoolIdOutput,
        CLIENT_ID: identity.clientIdOutput,
        CLUSTER: services.smokeOutputs.cluster,
        SERVICES: services.smokeOutputs.services,
        TARGET_GROUPS: services.smokeOutputs.targetGroups,
      },
      env: { SMOKE_SECRET_ID: `${devPrefix}/smoke-customer` },
      rolePolicyStatements: [
        // The stage creates the pool; the pipeline cannot name it, only this account's pools.
        new iam.PolicyStatement({
          actions: ['cognito-idp:AdminInitiateAuth'],
          resources: [arn('cognito-idp', 'userpool/*')],
        }),
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue'],
          resources: [arn('secretsmanager', `secret:${devPrefix}/smoke-customer-*`)],
        }),
        new iam.PolicyStatement({
          actions: ['ecs:DescribeServices'],
          resources: [arn('ecs', `service/${devPrefix}/*`)],
        }),
        new iam.PolicyStatement({ actions: ['elasticloadbalancing:DescribeTargetHealth'], resources: ['*'] }),
      ],
    });
  }
}
