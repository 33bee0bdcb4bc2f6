import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { Authenticated } from '@gomart/auth';
import { DynamoConnection, Tables } from '@gomart/dynamo';

class SalesQuery {
  @ApiProperty({ example: '2026-11-28' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'day must be YYYY-MM-DD' })
  day!: string;
}

export interface DailySales {
  readonly day: string;
  readonly ordersPlaced: number;
  readonly unitsPlaced: number;
  readonly placedValueCents: Readonly<Record<string, number>>;
  readonly ordersCancelled: number;
  readonly ordersDelivered: number;
}

/** A day's order facts, summed: what the export carries, readable without Athena. */
@ApiTags('analytics')
@Controller('analytics')
export class SalesController {
  constructor(@Inject(DynamoConnection) private readonly dynamo: DynamoConnection) {}

  @Get('sales')
  @Authenticated('admin')
  @ApiOkResponse({ description: 'Totals of the order events of one day (UTC).' })
  async daily(@Query() query: SalesQuery): Promise<DailySales> {
    const totals = { ordersPlaced: 0, unitsPlaced: 0, placedValueCents: {} as Record<string, number>, ordersCancelled: 0, ordersDelivered: 0 };
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.dynamo.client.send(
        new QueryCommand({
          TableName: this.dynamo.tableName(Tables.analyticsEvents),
          IndexName: Tables.analyticsEvents.indexes[0].indexName,
          KeyConditionExpression: '#day = :day',
          ExpressionAttributeNames: { '#day': 'day' },
          ExpressionAttributeValues: { ':day': query.day },
          ExclusiveStartKey: start,
        }),
      );
      for (const fact of page.Items ?? []) {
        if (fact.type === 'OrderPlaced') {
          totals.ordersPlaced += 1;
          totals.unitsPlaced += Number(fact.units);
          const currency = String(fact.currency);
          totals.placedValueCents[currency] = (totals.placedValueCents[currency] ?? 0) + Number(fact.totalCents);
        } else if (fact.type === 'OrderCancelled') {
          totals.ordersCancelled += 1;
        } else if (fact.to === 'DELIVERED') {
          totals.ordersDelivered += 1;
        }
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return { day: query.day, ...totals };
  }
}
