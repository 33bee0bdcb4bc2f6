import { Stage, type StageProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { EnvironmentName } from './config';
import { type GoMartOptions, type GoMartStacks, createGoMart } from './gomart-app';

export interface GoMartStageProps extends StageProps, Omit<GoMartOptions, 'envName'> {
  readonly envName: EnvironmentName;
}

/**
 * One environment of the estate as a pipeline stage. Its stacks keep the names a deployment
 * from a workstation gives them (`<project>-<env>-<part>`), so either way updates the same stacks.
 */
export class GoMartStage extends Stage {
  readonly stacks: GoMartStacks;

  constructor(scope: Construct, id: string, props: GoMartStageProps) {
    super(scope, id, props);
    this.stacks = createGoMart(this, {
      envName: props.envName,
      image: props.image,
      storefrontDirectory: props.storefrontDirectory,
    });
  }
}
