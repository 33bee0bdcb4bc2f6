import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';

export interface UserDirectoryProps {
  readonly userPoolName: string;
  /** Groups carried in the `cognito:groups` claim; `admin` unlocks the admin endpoints. */
  readonly groups: readonly string[];
  /** Plus feature plan with threat protection enforced (billed per monthly active user). */
  readonly threatProtection: boolean;
  readonly deletionProtection: boolean;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Customer and staff sign-in: a Cognito user pool (e-mail sign-in, self sign-up), one public
 * app client for the storefront (SRP, no secret) and the authorization groups. The services
 * verify the pool's tokens themselves (AUTH_MODE=cognito); API Gateway checks them too.
 */
export class UserDirectory extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: UserDirectoryProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: props.userPoolName,
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: props.threatProtection ? cognito.FeaturePlan.PLUS : cognito.FeaturePlan.ESSENTIALS,
      standardThreatProtectionMode: props.threatProtection
        ? cognito.StandardThreatProtectionMode.FULL_FUNCTION
        : undefined,
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
    });
    acknowledge(
      this.userPool,
      'COG2',
      'Shoppers sign in from the storefront and MFA is optional for them (TOTP offered); requiring it for ' +
        'every shopper is a product decision. Admin-group members are required to enrol by the admin runbook.',
    );
    if (!props.threatProtection) {
      acknowledge(
        this.userPool,
        'COG8',
        'Non-production pool with test users only; the Plus plan (threat protection, billed per MAU) is on in prod.',
      );
    }

    this.client = this.userPool.addClient('Storefront', {
      userPoolClientName: `${props.userPoolName}-storefront`,
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });

    for (const [precedence, groupName] of props.groups.entries()) {
      this.userPool.addGroup(groupName, { groupName, precedence });
    }
  }
}
