import { PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Injectable } from '@nestjs/common';
import { batchGetAll, batchWriteAll, decodeCursor, DynamoTable, encodeCursor, InjectTable, projectionOf, type Page, type PageRequest } from '@gomart/dynamo';
import type { CategoryId } from './categories';
import { CatalogErrors } from './catalog.errors';
import { CatalogTables } from './catalog.tables';
import { productIdForSku, type NewProduct, type Product, type ProductChanges } from './product';
import type { ProductRepository } from './product.repository';
import { listKey, newProductItem, PUBLIC_FIELDS, toProduct } from './product-record';

const PROJECTION = projectionOf(PUBLIC_FIELDS);

@Injectable()
export class DynamoProductRepository implements ProductRepository {
  constructor(@InjectTable(CatalogTables.products) private readonly table: DynamoTable<typeof CatalogTables.products>) {}

  async get(id: string): Promise<Product | undefined> {
    const item = await this.table.get({ id }, { consistent: false, projection: PUBLIC_FIELDS });
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

  /** No filter: a paginated scan, reading `limit` items per call whatever the table's size. */
  async listAll(page: PageRequest): Promise<Page<Product>> {
    const start = page.cursor ? decodeCursor('all', page.cursor, this.table.keyNames()) : undefined;
    const { Items = [], LastEvaluatedKey } = await this.table.client.send(
      new ScanCommand({ TableName: this.table.name, Limit: page.limit, ExclusiveStartKey: start, ...PROJECTION }),
    );
    return {
      items: Items.map(toProduct),
      nextCursor: LastEvaluatedKey ? encodeCursor('all', { id: String(LastEvaluatedKey.id) }) : null,
    };
  }

  /** One aisle, by name: a query on the byCategory index, then the products by key. */
  async listCategory(category: CategoryId, page: PageRequest): Promise<Page<Product>> {
    const { items, nextCursor } = await this.table.queryPage(
      {
        index: 'byCategory',
        KeyConditionExpression: 'category = :category',
        ExpressionAttributeValues: { ':category': category },
      },
      { ...page, mode: 'category', accept: (key) => key.category === category },
    );
    return { items: await this.getMany(items.map((item) => String(item.id))), nextCursor };
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
    const fields: Record<string, unknown> = { ...changes, updatedAt: new Date().toISOString() };
    if (changes.name !== undefined) fields.listKey = listKey(changes.name, id);
    return this.updateFields(id, fields);
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
