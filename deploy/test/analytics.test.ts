import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import {
  DAY_PARTITION,
  type ExportedField,
  orderFactFields,
  orderLineFields,
  slotCapacityFields,
} from '../lib/analytics/exported-fields';
import { analyticsQueries, renderQuery } from '../lib/analytics/queries';
import { quickSightDataSet } from '../lib/analytics/quicksight';
import { type Estate, resourcesOfType, synthesize } from './estate';

interface GlueTableJson {
  TableInput: {
    Name: string;
    PartitionKeys: { Name: string }[];
    StorageDescriptor: {
      Location: unknown;
      Columns: { Name: string; Type: string }[];
      SerdeInfo: { Parameters: Record<string, string> };
    };
  };
}

/** What each alias in the queries reads, by the exported field list. */
const columnsByAlias: Readonly<Record<string, ReadonlySet<string>>> = {
  f: new Set([...orderFactFields.map((field) => field.column), DAY_PARTITION]),
  l: new Set(orderLineFields.map((field) => field.column)),
  s: new Set([...slotCapacityFields.map((field) => field.column), DAY_PARTITION]),
};

/** Every `<alias>.<column>` a query's SQL reads, for the aliases bound to exported data. */
function referencedColumns(sql: string): { alias: string; column: string }[] {
  return [...sql.matchAll(/\b([fls])\.([a-z_]+)\b/g)].map(([, alias = '', column = '']) => ({ alias, column }));
}

describe('analytics: Glue tables, Athena queries and QuickSight datasets from one field list', () => {
  let dev: Estate;
  let tables: Map<string, GlueTableJson['TableInput']>;
  beforeAll(() => {
    dev = synthesize({ env: 'dev' });
    tables = new Map(
      resourcesOfType(dev.json(dev.data), 'AWS::Glue::Table').map(([, table]) => {
        const input = (table.Properties as unknown as GlueTableJson).TableInput;
        return [input.Name, input];
      }),
    );
  });

  const expectColumns = (tableName: string, fields: readonly ExportedField[]) => {
    const table = tables.get(tableName);
    expect(table?.StorageDescriptor.Columns.map(({ Name, Type }) => ({ Name, Type }))).toEqual(
      fields.map((field) => ({ Name: field.column, Type: field.type })),
    );
    for (const field of fields) {
      expect(table?.StorageDescriptor.SerdeInfo.Parameters[`mapping.${field.column}`]).toBe(field.json);
    }
    expect(table?.PartitionKeys).toEqual([{ Name: DAY_PARTITION, Type: 'string' }]);
  };

  it('catalogues the order facts with the exported fields, the new picking and slot fields included', () => {
    expectColumns('order_facts', orderFactFields);
    const lines = tables.get('order_facts')?.StorageDescriptor.Columns.find((column) => column.Name === 'lines');
    expect(lines?.Type).toBe(
      'array<struct<productid:string,quantity:int,pricecents:bigint,category:string,finalcents:bigint,result:string,cents:bigint,substituteproductid:string>>',
    );
    expect(orderFactFields.map((field) => field.json)).toEqual(
      expect.arrayContaining([
        'finalTotalCents',
        'deliveryFeeCents',
        'slotId',
        'slotStart',
        'substitutions',
        'shortPicks',
      ]),
    );
  });

  it('catalogues the daily slot capacity export under slot-capacity/', () => {
    expectColumns('slot_capacity', slotCapacityFields);
    expect(JSON.stringify(tables.get('slot_capacity')?.StorageDescriptor.Location)).toContain('/slot-capacity/');
    expect(slotCapacityFields.map((field) => field.json)).toEqual(['slotId', 'zoneId', 'start', 'capacity', 'booked']);
  });

  it.each(analyticsQueries.map((query) => [query.name, query] as const))(
    '%s reads only exported fields, qualified by what it reads',
    (_, query) => {
      const references = referencedColumns(query.sql);
      expect(references.length).toBeGreaterThan(0);
      for (const { alias, column } of references) {
        expect({ alias, column, exported: columnsByAlias[alias]?.has(column) }).toEqual({
          alias,
          column,
          exported: true,
        });
      }
    },
  );

  it('asks the business questions with the fields the lead adds', () => {
    const read = new Set(
      analyticsQueries.flatMap((query) => referencedColumns(query.sql).map((ref) => `${ref.alias}.${ref.column}`)),
    );
    for (const needed of [
      'f.final_total_cents',
      'f.substitutions',
      'f.short_picks',
      'l.cents',
      'l.substituteproductid',
      'l.result',
      'l.category',
      's.capacity',
      's.booked',
    ]) {
      expect(read).toContain(needed);
    }
    expect(analyticsQueries.map((query) => query.name)).toEqual([
      'daily_sales',
      'top_products',
      'sales_per_aisle',
      'slot_utilisation',
      'pick_fill_rate',
      'substitution_rate',
    ]);
  });

  it('saves each query as an Athena named query in the workgroup and database', () => {
    for (const query of analyticsQueries) {
      dev.template(dev.data).hasResourceProperties('AWS::Athena::NamedQuery', {
        Name: query.name,
        Database: 'gomart_dev',
        WorkGroup: 'gomart-dev',
        QueryString: renderQuery(query),
      });
    }
  });

  it('keeps a QuickSight dataset request per query that matches the query', () => {
    const folder = join(__dirname, '..', 'quicksight');
    expect(readdirSync(folder).sort()).toEqual(
      analyticsQueries.map((query) => `${query.name.replaceAll('_', '-')}.json`).sort(),
    );
    for (const query of analyticsQueries) {
      const file = JSON.parse(readFileSync(join(folder, `${query.name.replaceAll('_', '-')}.json`), 'utf8')) as unknown;
      // On a difference, the expected JSON printed here is the file's new content.
      expect(file).toEqual(quickSightDataSet(query));
    }
  });

  it('lets Amazon Personalize of this account read personalize/ only, by role and bucket policy', () => {
    const data = dev.template(dev.data);
    data.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'gomart-dev-personalize-import',
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [
          Match.objectLike({
            Principal: { Service: 'personalize.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': Match.anyValue() } },
          }),
        ],
      }),
      Policies: [
        Match.objectLike({
          PolicyDocument: Match.objectLike({
            Statement: [
              Match.objectLike({ Action: 's3:GetObject', Resource: Match.anyValue() }),
              Match.objectLike({
                Action: 's3:ListBucket',
                Condition: { StringLike: { 's3:prefix': ['personalize/*'] } },
              }),
            ],
          }),
        }),
      ],
    });
    const [, policy] =
      resourcesOfType(dev.json(dev.data), 'AWS::S3::BucketPolicy').find(([id]) => id.startsWith('LakeExports')) ?? [];
    const statements = (
      policy?.Properties?.PolicyDocument as { Statement: { Principal?: unknown; Action: unknown; Resource: unknown }[] }
    ).Statement;
    const personalize = statements.filter((statement) => JSON.stringify(statement.Principal).includes('personalize'));
    expect(personalize.map((statement) => statement.Action)).toEqual(['s3:GetObject', 's3:ListBucket']);
    expect(JSON.stringify(personalize[0]?.Resource)).toContain('/personalize/*');
  });
});
