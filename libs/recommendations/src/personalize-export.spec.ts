import type { CatalogItem, HistoryOrder } from './model';
import { generateOrderHistory } from './order-history-generator';
import {
  csvField,
  INTERACTIONS_HEADER,
  INTERACTIONS_SCHEMA,
  interactionsCsv,
  ITEMS_HEADER,
  ITEMS_SCHEMA,
  itemsCsv,
  PURCHASE_EVENT_TYPE,
} from './personalize-export';

/** A small RFC 4180 reader: quoted fields may hold commas, doubled quotes and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted && char === '"' && text[index + 1] === '"') {
      field += '"';
      index += 1;
    } else if (quoted && char === '"') {
      quoted = false;
    } else if (quoted) {
      field += char;
    } else if (char === '"' && field === '') {
      quoted = true;
    } else if (char === ',') {
      endField();
    } else if (char === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else if (char === '"') {
      throw new Error(`stray quote at ${index}`);
    } else {
      field += char;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length > 0) throw new Error('last record does not end in a newline');
  return rows;
}

async function collect(lines: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const line of lines) text += line;
  return text;
}

describe('Amazon Personalize export', () => {
  const orders: HistoryOrder[] = [
    {
      orderId: 'o-1',
      customerId: 'alice',
      placedAt: '2026-03-01T10:15:30.999Z',
      lines: [
        { productId: 'de-000001', quantity: 2 },
        { productId: 'fv-000001', quantity: 1 },
      ],
    },
    // Ids a CSV must quote: a comma, a quote, a newline.
    {
      orderId: 'o-2',
      customerId: 'bob, "the builder"',
      placedAt: '2026-03-02T00:00:00Z',
      lines: [{ productId: 'odd\nid', quantity: 1 }],
    },
  ];

  it('writes the header Personalize requires, then one row per (order, line) with epoch-second timestamps', async () => {
    const rows = parseCsv(await collect(interactionsCsv(orders)));
    expect(rows[0]!.join(',')).toBe('USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE');
    expect(rows.slice(1)).toEqual([
      ['alice', 'de-000001', String(Date.UTC(2026, 2, 1, 10, 15, 30) / 1000), PURCHASE_EVENT_TYPE],
      ['alice', 'fv-000001', String(Date.UTC(2026, 2, 1, 10, 15, 30) / 1000), PURCHASE_EVENT_TYPE],
      ['bob, "the builder"', 'odd\nid', String(Date.UTC(2026, 2, 2) / 1000), PURCHASE_EVENT_TYPE],
    ]);
  });

  it('streams a generated history line by line, one row per order line', async () => {
    const history = () => generateOrderHistory({ customers: 40, days: 60, seed: 3 });
    let lines = 0;
    for (const order of history()) lines += order.lines.length;
    const rows = parseCsv(await collect(interactionsCsv(history())));
    expect(rows).toHaveLength(lines + 1);
    expect(rows.slice(1).every((row) => row.length === 4 && /^\d{10}$/.test(row[2]!))).toBe(true);
  });

  it('writes the items dataset with price in currency units and the aisle as CATEGORY_L1', async () => {
    const items: CatalogItem[] = [
      { id: 'pt-000001', category: 'pantry', name: 'Spaghetti 500g', priceCents: 199 },
      { id: 'dr-000007', category: 'drinks, cold', name: 'Cola', priceCents: 1100 },
    ];
    const rows = parseCsv(await collect(itemsCsv(items)));
    expect(rows).toEqual([
      ITEMS_HEADER.split(','),
      ['pt-000001', '1.99', 'pantry'],
      ['dr-000007', '11.00', 'drinks, cold'],
    ]);
  });

  it('exports schemas whose fields are the CSV columns, in order', () => {
    expect(INTERACTIONS_SCHEMA.fields.map((field) => field.name).join(',')).toBe(INTERACTIONS_HEADER);
    expect(ITEMS_SCHEMA.fields.map((field) => field.name).join(',')).toBe(ITEMS_HEADER);
    expect(INTERACTIONS_SCHEMA.fields.find((field) => field.name === 'TIMESTAMP')?.type).toBe('long');
    expect(ITEMS_SCHEMA.fields.find((field) => field.name === 'CATEGORY_L1')).toMatchObject({
      type: 'string',
      categorical: true,
    });
  });

  it('quotes only what needs quoting', () => {
    expect(csvField('plain-id')).toBe('plain-id');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(1_760_000_000)).toBe('1760000000');
  });

  it('refuses an order without a valid time', async () => {
    const bad = [{ ...orders[0]!, placedAt: 'yesterday' }];
    await expect(collect(interactionsCsv(bad))).rejects.toThrow(/o-1 has no valid placedAt/);
  });
});
