import { type AnalyticsQuery, renderQuery } from './queries';

/**
 * Placeholders in deploy/quicksight/*.json, filled in with envsubst when the dataset is
 * created (README, "QuickSight"). An AWS::QuickSight::DataSet cannot be synthesized into the
 * estate: it fails to deploy in an account without a QuickSight subscription, which is bought
 * by hand; so the dataset is a CreateDataSet request kept next to the stacks instead.
 */
export const QUICKSIGHT_PLACEHOLDERS = {
  account: '${AWS_ACCOUNT_ID}',
  dataSourceArn: '${DATA_SOURCE_ARN}',
  database: '${DATABASE}',
  principalArn: '${QUICKSIGHT_PRINCIPAL_ARN}',
  prefix: '${PREFIX}',
} as const;

const OWNER_ACTIONS = [
  'quicksight:DescribeDataSet',
  'quicksight:DescribeDataSetPermissions',
  'quicksight:PassDataSet',
  'quicksight:DescribeIngestion',
  'quicksight:ListIngestions',
  'quicksight:UpdateDataSet',
  'quicksight:DeleteDataSet',
  'quicksight:CreateIngestion',
  'quicksight:CancelIngestion',
  'quicksight:UpdateDataSetPermissions',
];

/** The `aws quicksight create-data-set --cli-input-json` request for one query, imported into SPICE. */
export function quickSightDataSet(query: AnalyticsQuery): Record<string, unknown> {
  const p = QUICKSIGHT_PLACEHOLDERS;
  const tableId = query.name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
  return {
    AwsAccountId: p.account,
    DataSetId: `${p.prefix}-${query.name.replaceAll('_', '-')}`,
    Name: `Go Mart ${query.name.replaceAll('_', ' ')}`,
    ImportMode: 'SPICE',
    PhysicalTableMap: {
      [tableId]: {
        CustomSql: {
          DataSourceArn: p.dataSourceArn,
          Name: query.name,
          SqlQuery: renderQuery(query, (table) => `"${p.database}"."${table}"`),
          Columns: query.outputs.map((output) => ({ Name: output.name, Type: output.type })),
        },
      },
    },
    LogicalTableMap: {
      [tableId]: {
        Alias: query.description,
        Source: { PhysicalTableId: tableId },
        DataTransforms: query.outputs.some((output) => output.name === 'day')
          ? [{ CastColumnTypeOperation: { ColumnName: 'day', NewColumnType: 'DATETIME', Format: 'yyyy-MM-dd' } }]
          : [],
      },
    },
    Permissions: [{ Principal: p.principalArn, Actions: OWNER_ACTIONS }],
  };
}
