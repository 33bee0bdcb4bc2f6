import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { GoMartConfig } from './config';
import { AuditTrail } from './constructs/audit-trail';

export interface AuditStackProps extends StackProps {
  readonly config: GoMartConfig;
}

/** The CloudTrail trail (omitted with -c cloudTrail=false where an organisation trail already exists). */
export class AuditStack extends Stack {
  constructor(scope: Construct, id: string, props: AuditStackProps) {
    super(scope, id, props);
    const { config } = props;
    new AuditTrail(this, 'Audit', {
      trailName: config.prefix,
      logRetention: config.profile.logRetention,
      accessLogsExpireAfter: config.profile.accessLogsExpireAfter,
      removalPolicy: config.profile.dataRemovalPolicy,
    });
  }
}
