import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';

/** Where the hosted sign-in sends the browser back: the storefront's own callback page and home. */
export const SIGN_IN_CALLBACK_PATH = '/signin/callback';

export interface UserDirectoryProps {
  readonly userPoolName: string;
  /**
   * Groups carried in the `cognito:groups` claim: `admin` unlocks the admin endpoints, `staff`
   * the staff ones (order board, picking); the app checks both by name.
   */
  readonly groups: readonly string[];
  /** Origins of the storefront (`https://shop.example.com`, `http://localhost:3000`) the hosted sign-in may return to. */
  readonly storefrontOrigins: readonly string[];
  /** Prefix of the hosted sign-in domain `<prefix>.auth.<region>.amazoncognito.com`; unique per region. */
  readonly domainPrefix: string;
  /** Also allow ADMIN_USER_PASSWORD_AUTH (needs IAM credentials): the pipeline's smoke test signs in with it. */
  readonly adminPasswordSignIn: boolean;
  /** Plus feature plan with threat protection enforced (billed per monthly active user). */
  readonly threatProtection: boolean;
  readonly deletionProtection: boolean;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Customer and staff sign-in: a Cognito user pool (e-mail sign-in, self sign-up), its hosted
 * sign-in domain, one public app client for the storefront SPA (authorization code grant, no
 * secret: the SPA sends a PKCE challenge, and without the secret the code is worthless to anyone
 * lacking the verifier), and the authorization groups. The services verify the pool's tokens
 * themselves (AUTH_MODE=cognito); API Gateway checks them too.
 */
export class UserDirectory extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;

  constructor(scope: Construct, id: string, props: UserDirectoryProps) {
    super(scope, id);
    if (props.storefrontOrigins.length === 0) throw new Error('UserDirectory: the sign-in needs a storefront origin');
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

    this.domain = this.userPool.addDomain('HostedSignIn', { cognitoDomain: { domainPrefix: props.domainPrefix } });

    this.client = this.userPool.addClient('Storefront', {
      userPoolClientName: `${props.userPoolName}-storefront`,
      generateSecret: false,
      authFlows: { userSrp: true, adminUserPassword: props.adminPasswordSignIn },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: props.storefrontOrigins.map((origin) => `${origin}${SIGN_IN_CALLBACK_PATH}`),
        logoutUrls: props.storefrontOrigins.map((origin) => `${origin}/`),
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
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

  /** The hosted sign-in's base URL (`/oauth2/authorize`, `/oauth2/token`, `/logout` live under it). */
  get signInUrl(): string {
    return this.domain.baseUrl();
  }
}
