import { Aws } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import type { Construct } from 'constructs';
import { DAY_PARTITION, type ExportedField } from '../analytics/exported-fields';

export interface JsonTableProps {
  readonly databaseName: string;
  readonly tableName: string;
  readonly description: string;
  /** `s3://<bucket>/<prefix>`; partitions are `day=YYYY-MM-DD/` below it. */
  readonly location: string;
  readonly fields: readonly ExportedField[];
  /** First day partition projection lists. */
  readonly firstDay: string;
}

/**
 * A Glue table over JSON lines (gzip allowed) partitioned by day, with partition projection so
 * no crawler or MSCK REPAIR is needed: Athena computes the `day=` folders from the range.
 * Columns come from the exported field list, mapped to their JSON names.
 */
export function jsonTable(scope: Construct, id: string, props: JsonTableProps): glue.CfnTable {
  return new glue.CfnTable(scope, id, {
    catalogId: Aws.ACCOUNT_ID,
    databaseName: props.databaseName,
    tableInput: {
      name: props.tableName,
      description: props.description,
      tableType: 'EXTERNAL_TABLE',
      parameters: {
        classification: 'json',
        'projection.enabled': 'true',
        [`projection.${DAY_PARTITION}.type`]: 'date',
        [`projection.${DAY_PARTITION}.format`]: 'yyyy-MM-dd',
        [`projection.${DAY_PARTITION}.range`]: `${props.firstDay},NOW`,
        [`projection.${DAY_PARTITION}.interval`]: '1',
        [`projection.${DAY_PARTITION}.interval.unit`]: 'DAYS',
        'storage.location.template': `${props.location}${DAY_PARTITION}=\${${DAY_PARTITION}}/`,
      },
      partitionKeys: [{ name: DAY_PARTITION, type: 'string' }],
      storageDescriptor: {
        location: props.location,
        inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
        outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
        serdeInfo: {
          serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
          parameters: {
            'ignore.malformed.json': 'true',
            ...Object.fromEntries(props.fields.map((field) => [`mapping.${field.column}`, field.json])),
          },
        },
        columns: props.fields.map(({ column, type, description }) => ({
          name: column,
          type,
          comment: description,
        })),
      },
    },
  });
}
