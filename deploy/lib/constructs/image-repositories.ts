import { RemovalPolicy } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { type ImageApp, ecrRepositoryName, imageApps } from '../images';

export interface ImageRepositoriesProps {
  readonly project: string;
  /** The newest images kept per repository; older ones expire. */
  readonly imagesToKeep: number;
}

/**
 * One ECR repository per app the Dockerfile builds (`<project>/<app>`): scanned on push, tags
 * immutable (a tag is a commit: what ran is what was tested), the last N images kept. Shared
 * by dev and prod, so a promotion deploys the very image dev ran.
 */
export class ImageRepositories extends Construct {
  readonly repositories: ReadonlyMap<ImageApp, ecr.Repository>;

  constructor(scope: Construct, id: string, props: ImageRepositoriesProps) {
    super(scope, id);
    this.repositories = new Map(
      imageApps.map((app) => [
        app,
        new ecr.Repository(this, app, {
          repositoryName: ecrRepositoryName(props.project, app),
          imageScanOnPush: true,
          imageTagMutability: ecr.TagMutability.IMMUTABLE,
          encryption: ecr.RepositoryEncryption.AES_256,
          lifecycleRules: [
            { description: `Keep the last ${props.imagesToKeep} images`, maxImageCount: props.imagesToKeep },
          ],
          // Running services pull from here: keep the images if the pipeline stack goes.
          removalPolicy: RemovalPolicy.RETAIN,
        }),
      ]),
    );
  }

  /** Lets the image build push (and check for) tags in every repository. */
  grantPush(grantee: iam.IGrantable): void {
    for (const repository of this.repositories.values()) repository.grantPullPush(grantee);
  }
}
