import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { GoMartConfig } from './config';
import { UserDirectory } from './constructs/user-directory';

export interface IdentityStackProps extends StackProps {
  readonly config: GoMartConfig;
}

/** The groups the app authorises by (`cognito:groups`); renaming one locks its members out. */
export const AUTHORIZATION_GROUPS = ['admin', 'staff'] as const;

/** The Cognito user pool, its hosted sign-in, the storefront's app client and the authorization groups. */
export class IdentityStack extends Stack {
  readonly directory: UserDirectory;
  readonly userPoolIdOutput: CfnOutput;
  readonly clientIdOutput: CfnOutput;

  constructor(scope: Construct, id: string, props: IdentityStackProps) {
    super(scope, id, props);
    const { config } = props;
    const { profile, domain } = config;
    const storefrontOrigins = [
      ...(domain ? [`https://${domain.name}`] : []),
      ...(profile.localhostSignIn ? ['http://localhost:3000'] : []),
    ];
    this.directory = new UserDirectory(this, 'Users', {
      userPoolName: `${config.prefix}-users`,
      groups: AUTHORIZATION_GROUPS,
      storefrontOrigins,
      domainPrefix: config.authDomainPrefix,
      adminPasswordSignIn: profile.smokeTestSignIn,
      threatProtection: profile.cognitoThreatProtection,
      deletionProtection: profile.deletionProtection,
      removalPolicy: profile.dataRemovalPolicy,
    });

    this.userPoolIdOutput = new CfnOutput(this, 'UserPoolId', { value: this.directory.userPool.userPoolId });
    this.clientIdOutput = new CfnOutput(this, 'StorefrontClientId', { value: this.directory.client.userPoolClientId });
    new CfnOutput(this, 'SignInUrl', {
      description: 'Hosted sign-in base URL (/oauth2/authorize, /oauth2/token, /logout)',
      value: this.directory.signInUrl,
    });
  }
}
