import { ArnFormat, Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import { ROTATOR_CODE } from './redis-auth-rotator-code';

export interface RedisAuthRotationProps {
  /** `<prefix>-rotate-redis-auth`: the state machine, its function and log groups. */
  readonly name: string;
  readonly replicationGroupId: string;
  /** The AUTH token secret (`{ "authToken": ... }`) the tasks read through ECS `secrets` at start. */
  readonly secret: secretsmanager.ISecret;
  readonly cluster: ecs.ICluster;
  /** The services that hold a Redis connection: restarted so every task reads the new token. */
  readonly cacheUsers: readonly ecs.IBaseService[];
  /** How often to rotate; the state machine can also be started by hand at any time. */
  readonly every: Duration;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

const POLL = Duration.seconds(30);

/**
 * Rotates the Redis AUTH token without a moment where a task holds a token Redis refuses.
 * CloudFormation resolved the token into the replication group once; tasks read the secret
 * when they start. So the order is: a new token, staged as AWSPENDING, is added to Redis
 * beside the old one (ROTATE: both valid) -> the group is available -> the new version becomes
 * AWSCURRENT (new tasks read it) -> every cache user is redeployed and stable (no task left on
 * the old token) -> Redis keeps only the new token (SET). A failure stops the run with both
 * tokens valid, which is safe; the alarm on failed runs says so. The token itself stays inside
 * the function: it is never a state's input or output, so the execution history holds no secret.
 */
export class RedisAuthRotation extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: RedisAuthRotationProps) {
    super(scope, id);
    const rotator = this.createRotator(props);
    const step = (stepId: string, action: 'stage' | 'promote' | 'set') =>
      tasks.LambdaInvoke.jsonata(this, stepId, {
        lambdaFunction: rotator,
        payload: sfn.TaskInput.fromObject({ step: action }),
        outputs: {},
        retryOnServiceExceptions: true,
      });

    const definition = step('AddNewTokenBesideOld', 'stage')
      .next(this.waitForGroup('AfterRotate', props))
      .next(step('MakeNewTokenCurrent', 'promote'))
      .next(this.restart(props))
      .next(this.waitForServices(props))
      .next(step('KeepOnlyNewToken', 'set'))
      .next(this.waitForGroup('AfterSet', props))
      .next(sfn.Succeed.jsonata(this, 'Rotated'));

    const stateLogs = new logs.LogGroup(this, 'StateLogs', {
      logGroupName: `/aws/vendedlogs/states/${props.name}`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: props.name,
      queryLanguage: sfn.QueryLanguage.JSONATA,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      timeout: Duration.hours(3),
      tracingEnabled: true,
      // Every event, without execution data: nothing a state carries needs to be in the logs.
      logs: { destination: stateLogs, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    acknowledge(
      this.stateMachine,
      'IAM5[Resource::*]',
      'Step Functions log delivery and X-Ray tracing (CDK-generated statements) have no resource-level ' +
        'permissions; the task permissions are limited to this replication group, secret and services.',
    );
    acknowledge(
      this.stateMachine,
      `IAM5[Resource::<${Stack.of(this).getLogicalId(rotator.node.defaultChild as lambda.CfnFunction)}.Arn>:*]`,
      'Invoking the rotation function by any of its versions; the grant names this one function.',
    );

    new events.Rule(this, 'Schedule', {
      description: `Rotates the AUTH token of ${props.replicationGroupId}`,
      schedule: events.Schedule.rate(props.every),
      targets: [new targets.SfnStateMachine(this.stateMachine)],
    });
  }

  /** Runs that stopped: the tokens are both still valid, but the rotation needs a look. */
  metricFailed(): cloudwatch.Metric {
    return this.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' });
  }

  private createRotator(props: RedisAuthRotationProps): lambda.Function {
    const stack = Stack.of(this);
    const functionLogs = new logs.LogGroup(this, 'FunctionLogs', {
      logGroupName: `/aws/lambda/${props.name}`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    const role = new iam.Role(this, 'RotatorRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Rotates the AUTH token of ${props.replicationGroupId}`,
    });
    functionLogs.grantWrite(role);
    props.secret.grantRead(role);
    props.secret.grantWrite(role);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:UpdateSecretVersionStage', 'secretsmanager:DescribeSecret'],
        resources: [props.secret.secretArn],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['secretsmanager:GetRandomPassword'], resources: ['*'] }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['elasticache:ModifyReplicationGroup'],
        resources: [
          stack.formatArn({
            service: 'elasticache',
            resource: 'replicationgroup',
            resourceName: props.replicationGroupId,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    acknowledge(
      role,
      'IAM5[Resource::*]',
      'secretsmanager:GetRandomPassword has no resource-level permissions (it reads no secret); every other ' +
        'action is limited to the AUTH token secret, the replication group and the function log group.',
    );
    return new lambda.Function(this, 'Rotator', {
      functionName: props.name,
      description: `Stages, promotes and sets the AUTH token of ${props.replicationGroupId}`,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(ROTATOR_CODE),
      role,
      logGroup: functionLogs,
      timeout: Duration.minutes(1),
      environment: { SECRET_ID: props.secret.secretArn, REPLICATION_GROUP_ID: props.replicationGroupId },
    });
  }

  /** Polls until the replication group accepts the next modification. */
  private waitForGroup(id: string, props: RedisAuthRotationProps): sfn.IChainable {
    const describe = tasks.CallAwsService.jsonata(this, `Describe${id}`, {
      service: 'elasticache',
      action: 'describeReplicationGroups',
      parameters: { ReplicationGroupId: props.replicationGroupId },
      iamResources: [
        Stack.of(this).formatArn({
          service: 'elasticache',
          resource: 'replicationgroup',
          resourceName: props.replicationGroupId,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      outputs: { status: '{% $states.result.ReplicationGroups[0].Status %}' },
    });
    const wait = sfn.Wait.jsonata(this, `Wait${id}`, { time: sfn.WaitTime.duration(POLL) });
    const done = sfn.Pass.jsonata(this, `Done${id}`);
    wait
      .next(describe)
      .next(
        sfn.Choice.jsonata(this, `Available${id}`)
          .when(sfn.Condition.jsonata("{% $states.input.status = 'available' %}"), done)
          .otherwise(wait),
      );
    return sfn.Chain.custom(wait, [done], done);
  }

  /** Starts a new deployment of every cache user: its new tasks read the now-current token. */
  private restart(props: RedisAuthRotationProps): sfn.IChainable {
    const [first, ...rest] = props.cacheUsers.map((service, index) =>
      tasks.CallAwsService.jsonata(this, `Restart${index}`, {
        service: 'ecs',
        action: 'updateService',
        parameters: { Cluster: props.cluster.clusterName, Service: service.serviceName, ForceNewDeployment: true },
        iamResources: [service.serviceArn],
        outputs: {},
      }),
    );
    if (!first) throw new Error('RedisAuthRotation: no cache users to restart');
    let chain: sfn.Chain = sfn.Chain.start(first);
    for (const next of rest) chain = chain.next(next);
    return chain;
  }

  /** Polls until every cache user runs exactly one deployment, completed (its old tasks are gone). */
  private waitForServices(props: RedisAuthRotationProps): sfn.IChainable {
    const describe = tasks.CallAwsService.jsonata(this, 'DescribeCacheUsers', {
      service: 'ecs',
      action: 'describeServices',
      parameters: {
        Cluster: props.cluster.clusterName,
        Services: props.cacheUsers.map((service) => service.serviceName),
      },
      iamResources: props.cacheUsers.map((service) => service.serviceArn),
      outputs: {
        failed: "{% $count($states.result.Services.Deployments[RolloutState = 'FAILED']) %}",
        pending:
          "{% $count($states.result.Services[$count(Deployments) > 1 or Deployments[0].RolloutState != 'COMPLETED']) %}",
      },
    });
    const wait = sfn.Wait.jsonata(this, 'WaitForCacheUsers', { time: sfn.WaitTime.duration(POLL) });
    const done = sfn.Pass.jsonata(this, 'CacheUsersRestarted');
    wait.next(describe).next(
      sfn.Choice.jsonata(this, 'CacheUsersStable')
        .when(
          sfn.Condition.jsonata('{% $states.input.failed > 0 %}'),
          sfn.Fail.jsonata(this, 'RestartFailed', {
            error: 'RestartFailed',
            cause: 'A cache user deployment failed: both AUTH tokens stay valid; fix the service, then run again',
          }),
        )
        .when(sfn.Condition.jsonata('{% $states.input.pending = 0 %}'), done)
        .otherwise(wait),
    );
    return sfn.Chain.custom(wait, [done], done);
  }
}
