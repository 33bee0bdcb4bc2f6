import { type RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { actionsFor } from '../table-access';
import { type KeyAttribute, type ServiceName, type TableDefinition, allTables, indexesOf, physicalTableName } from '../app-tables';

export interface TablesProps {
  /** Physical names are `<tablePrefix><definition id>`; the tasks get the same prefix. */
  readonly tablePrefix: string;
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  /** Defaults to every table the application defines. */
  readonly definitions?: readonly TableDefinition[];
}

/** A table together with the definition it was built from. */
export interface OwnedTable {
  readonly definition: TableDefinition;
  readonly table: dynamodb.Table;
}

/**
 * The DynamoDB tables, built from the definitions the application itself uses
 * (each domain's `<domain>.tables.ts`, listed in lib/app-tables.ts) so keys, indexes, streams and TTL cannot drift. On-demand
 * capacity, point-in-time recovery and KMS encryption on every table.
 */
export class Tables extends Construct {
  readonly all: readonly OwnedTable[];

  constructor(scope: Construct, id: string, props: TablesProps) {
    super(scope, id);
    this.all = (props.definitions ?? allTables).map((definition) => ({
      definition,
      table: this.createTable(definition, props),
    }));
  }

  /** The tables a service may read and write: exactly those it owns. */
  ownedBy(owner: ServiceName): readonly OwnedTable[] {
    return this.all.filter((entry) => entry.definition.owner === owner);
  }

  /** The tables that have a change stream (consumed by the archive). */
  streamed(): readonly OwnedTable[] {
    return this.all.filter((entry) => entry.definition.stream !== undefined);
  }

  private createTable(definition: TableDefinition, props: TablesProps): dynamodb.Table {
    const table = new dynamodb.Table(this, definition.id, {
      tableName: physicalTableName(props.tablePrefix, definition),
      partitionKey: attribute(definition.partitionKey),
      sortKey: definition.sortKey && attribute(definition.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // Restore to any second of the last 35 days (the maximum); see the README's recovery runbook.
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 35 },
      stream: definition.stream && dynamodb.StreamViewType[definition.stream],
      timeToLiveAttribute: definition.timeToLiveAttribute,
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
    });
    for (const { name, index } of indexesOf(definition)) {
      table.addGlobalSecondaryIndex({
        indexName: name,
        partitionKey: attribute(index.partitionKey),
        sortKey: index.sortKey && attribute(index.sortKey),
        projectionType: dynamodb.ProjectionType[index.projection],
      });
    }
    return table;
  }
}

/**
 * Grants the owner's item actions (deploy/lib/table-access.ts) on one table and each of its
 * indexes by name, so the grant lists every ARN (no `index/*` wildcard) and needs no reference
 * into the stack that owns the table.
 */
export function grantItemAccess(role: iam.IRole, tablePrefix: string, definition: TableDefinition): void {
  const stack = Stack.of(role);
  const tableArn = stack.formatArn({
    service: 'dynamodb',
    resource: 'table',
    resourceName: physicalTableName(tablePrefix, definition),
  });
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: [...actionsFor(definition.id)],
      resources: [tableArn, ...indexesOf(definition).map(({ name }) => `${tableArn}/index/${name}`)],
    }),
  );
}

function attribute(key: KeyAttribute): dynamodb.Attribute {
  return {
    name: key.name,
    type: key.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER,
  };
}
