import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type { Construct } from 'constructs';

/** Where the app image is built from when no pipeline-built tag is given: the repository root. */
export interface ImageSource {
  readonly directory: string;
  /** Dockerfile path relative to `directory`. */
  readonly file?: string;
  /**
   * A tag the pipeline pushed to every app's ECR repository (its commit id): the services run
   * `<account>.dkr.ecr.<region>.amazonaws.com/<project>/<app>:<tag>` instead of a CDK asset.
   */
  readonly tag?: string;
  /** Project name, the first part of the repository names. */
  readonly project?: string;
}

/** Every app the one Dockerfile builds (`--build-arg APP=<name>`): the monolith and the split services. */
export const imageApps = ['gomart', 'catalog', 'orders', 'notifications', 'analytics-export'] as const;
export type ImageApp = (typeof imageApps)[number];

/** The ECR repository of one app's images, created by the pipeline stack. */
export function ecrRepositoryName(project: string, app: ImageApp): string {
  return `${project}/${app}`;
}

/** Not part of the image: keeps asset hashes stable and the build context small. */
const imageExcludes = ['node_modules', '.git', 'dist', 'coverage', '.data', '.bench', 'deploy', '**/*.log', '.env*'];

/**
 * The container image of one app: the pipeline's immutable tag in the app's repository, or,
 * for a deployment from a workstation, an asset CDK builds from the Dockerfile.
 */
export function serviceImage(scope: Construct, app: ImageApp, source: ImageSource): ecs.ContainerImage {
  if (source.tag !== undefined) {
    if (!source.project) throw new Error('An image tag needs the project whose repositories hold it');
    const repository = ecr.Repository.fromRepositoryName(
      scope,
      `${app}Repository`,
      ecrRepositoryName(source.project, app),
    );
    return ecs.ContainerImage.fromEcrRepository(repository, source.tag);
  }
  return ecs.ContainerImage.fromAsset(source.directory, {
    file: source.file,
    buildArgs: { APP: app },
    platform: Platform.LINUX_AMD64,
    exclude: imageExcludes,
  });
}
