import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import type { OwnedTable } from './tables';

export interface TableBackupProps {
  /** `<prefix>`: the vault is `<prefix>-tables`, the plan `<prefix>-tables-daily`. */
  readonly namePrefix: string;
  readonly tables: readonly OwnedTable[];
  readonly retention: Duration;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Daily AWS Backup recovery points of every table, next to PITR: PITR restores any second of
 * the last 35 days into a new table; a backup in its own KMS-encrypted vault survives the table
 * being deleted (PITR does not) and can be copied or locked independently of the table.
 */
export class TableBackup extends Construct {
  readonly vault: backup.BackupVault;
  readonly plan: backup.BackupPlan;

  constructor(scope: Construct, id: string, props: TableBackupProps) {
    super(scope, id);
    const key = new kms.Key(this, 'VaultKey', {
      description: `Encrypts the ${props.namePrefix} table backups`,
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: `${props.namePrefix}-tables`,
      encryptionKey: key,
      removalPolicy: props.removalPolicy,
    });
    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: `${props.namePrefix}-tables-daily`,
      backupVault: this.vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'daily',
          // 15:00 UTC is 01:00-02:00 in Sydney: the quietest hours of the shop.
          scheduleExpression: events.Schedule.cron({ minute: '0', hour: '15' }),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(4),
          deleteAfter: props.retention,
        }),
      ],
    });
    const selection = this.plan.addSelection('Tables', {
      backupSelectionName: `${props.namePrefix}-tables`,
      resources: props.tables.map(({ table }) => backup.BackupResource.fromDynamoDbTable(table)),
    });
    acknowledge(
      selection,
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      'AWS Backup assumes this role to snapshot the selected tables; the AWS managed backup policy is what ' +
        'AWS documents for it, and the selection limits it to these tables.',
    );
  }
}
