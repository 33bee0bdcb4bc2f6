import { PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Injectable } from '@nestjs/common';
import { batchGetAll, batchWriteAll, decodeCursor, DynamoTable, encodeCursor, InjectTable, projectionOf, type Page, type PageRequest } from '@gomart/dynamo';
import { CatalogErrors } from './catalog.errors';
import { CatalogTables } from './catalog.tables';
import { productIdForSku, type NewProduct, type Product, type ProductChanges } from './product';
import type { ProductRepository, ProductWithSales } from './product.repository';
import { newProductItem, PUBLIC_FIELDS, toProduct, unitsSoldOf } from './product-record';

const PROJECTION = projectionOf(PUBLIC_FIELDS);
const SCAN_PROJECTION = projectionOf([...PUBLIC_FIELDS, 'sold']);

@Injectable()
export class DynamoProductRepository implements ProductRepository {
  constructor(@InjectTable(CatalogTables.products) private readonly table: DynamoTable<typeof CatalogTables.products>) {}

  async get(id: string, options: { consistent?: boolean } = {}): Promise<Product | undefined> {
    const item = await this.table.get({ id }, { consistent: options.consistent ?? false, projection: PUBLIC_FIELDS });
    return item ? toProduct(item) : undefined;
  }

  async getMany(ids: readonly string[]): Promise<Product[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const items = await batchGetAll(this.table.client, this.table.name, unique.map((id) => ({ id })), {
      expression: PROJECTION.ProjectionExpression,
      names: PROJECTION.ExpressionAttributeNames,
    });
    const byId = new Map(items.map((item) => [String(item.id), toProduct(item)]));
    return unique.flatMap((id) => byId.get(id) ?? []);
  }

  /** A paginated scan, reading `limit` items per call whatever the table's size. */
  async scan(page: PageRequest): Promise<Page<ProductWithSales>> {
    const start = page.cursor ? decodeCursor('scan', page.cursor, this.table.keyNames()) : undefined;
    const { Items = [], LastEvaluatedKey } = await this.table.client.send(
      new ScanCommand({ TableName: this.table.name, Limit: page.limit, ExclusiveStartKey: start, ...SCAN_PROJECTION }),
    );
    return {
      items: Items.map((item) => ({ product: toProduct(item), unitsSold: unitsSoldOf(item) })),
      nextCursor: LastEvaluatedKey ? encodeCursor('scan', { id: String(LastEvaluatedKey.id) }) : null,
    };
  }

  async create(product: NewProduct): Promise<Product> {
    const id = productIdForSku(product.sku);
    const item = newProductItem(id, product, new Date().toISOString());
    await this.table.writeOrThrow(
      new PutCommand({ TableName: this.table.name, Item: item, ConditionExpression: 'attribute_not_exists(id)' }),
      () => CatalogErrors.skuTaken(product.sku, id),
    );
    return toProduct(item);
  }

  async update(id: string, changes: ProductChanges): Promise<Product> {
    return this.updateFields(id, { ...changes, updatedAt: new Date().toISOString() });
  }

  async setStock(id: string, stock: number): Promise<Product> {
    return this.updateFields(id, { stock, updatedAt: new Date().toISOString() });
  }

  async isEmpty(): Promise<boolean> {
    const { Items } = await this.table.client.send(new ScanCommand({ TableName: this.table.name, Limit: 1, ProjectionExpression: 'id' }));
    return !Items?.length;
  }

  async putMany(products: readonly NewProduct[]): Promise<Product[]> {
    const now = new Date().toISOString();
    const items = products.map((product) => newProductItem(productIdForSku(product.sku), product, now));
    await batchWriteAll(this.table.client, this.table.name, items.map((Item) => ({ PutRequest: { Item } })));
    return items.map(toProduct);
  }

  private async updateFields(id: string, fields: Record<string, unknown>): Promise<Product> {
    const entries = Object.entries(fields).filter(([, value]) => value !== undefined);
    const updated = await this.table.writeOrThrow(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { id },
        UpdateExpression: `SET ${entries.map((_, index) => `#k${index} = :v${index}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(id)',
        ExpressionAttributeNames: Object.fromEntries(entries.map(([name], index) => [`#k${index}`, name])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, value], index) => [`:v${index}`, value])),
        ReturnValues: 'ALL_NEW',
      }),
      () => CatalogErrors.productNotFound(id),
    );
    return toProduct(updated);
  }
}
