import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { GoMartConfig } from './config';
import { UserDirectory } from './constructs/user-directory';

export interface IdentityStackProps extends StackProps {
  readonly config: GoMartConfig;
}

/** The Cognito user pool, the storefront's app client and the authorization groups. */
export class IdentityStack extends Stack {
  readonly directory: UserDirectory;

  constructor(scope: Construct, id: string, props: IdentityStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.directory = new UserDirectory(this, 'Users', {
      userPoolName: `${config.prefix}-users`,
      groups: ['admin'],
      threatProtection: config.profile.cognitoThreatProtection,
      deletionProtection: config.profile.deletionProtection,
      removalPolicy: config.profile.dataRemovalPolicy,
    });
  }
}
