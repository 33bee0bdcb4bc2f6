import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource } from '../nag';

export interface PersonalizeAccessProps {
  /** The exports bucket the recommendations exporter writes Personalize's import files to. */
  readonly bucket: s3.IBucket;
  /** `personalize/`: the only keys Personalize may read. */
  readonly prefix: string;
  readonly roleName: string;
}

/**
 * What Amazon Personalize needs to import datasets (interactions, items) from the exports
 * bucket: a role it assumes for the dataset import jobs, and the bucket policy Personalize
 * also requires, both limited to the `personalize/` prefix and to this account's Personalize.
 */
export class PersonalizeAccess extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: PersonalizeAccessProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const personalize = new iam.ServicePrincipal('personalize.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    });
    const objects = props.bucket.arnForObjects(`${props.prefix}*`);
    const listPrefix = { StringLike: { 's3:prefix': [`${props.prefix}*`] } };
    const read = [
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [objects] }),
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [props.bucket.bucketArn],
        conditions: listPrefix,
      }),
    ];

    this.role = new iam.Role(this, 'ImportRole', {
      roleName: props.roleName,
      description: `Amazon Personalize dataset imports from ${props.prefix} in the exports bucket`,
      assumedBy: personalize,
      inlinePolicies: { ReadImports: new iam.PolicyDocument({ statements: read }) },
    });
    acknowledgeWildcardResource(
      this.role,
      objects,
      'Personalize reads the import files under personalize/ only; their keys carry the export date.',
    );

    // Personalize checks the bucket policy as well as the role.
    const fromThisAccount = { StringEquals: { 'aws:SourceAccount': stack.account } };
    const service = new iam.ServicePrincipal('personalize.amazonaws.com');
    props.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [service],
        actions: ['s3:GetObject'],
        resources: [objects],
        conditions: fromThisAccount,
      }),
    );
    props.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [service],
        actions: ['s3:ListBucket'],
        resources: [props.bucket.bucketArn],
        conditions: { ...listPrefix, ...fromThisAccount },
      }),
    );
  }
}
