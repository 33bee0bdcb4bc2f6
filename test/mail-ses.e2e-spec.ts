import { randomUUID } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { OrderNotifier } from '@gomart/notifications';
import { MotoServer, TestApp, waitFor } from '@gomart/testing';
import { GomartModule } from '../apps/gomart/src/gomart.module';

/**
 * MAIL_TRANSPORT=ses: the customer's address comes from the Cognito user pool (by `sub`) and
 * the mail goes out through SES — both served by moto_server, since AWS cannot run here.
 */
let moto: MotoServer;
let shop: TestApp;
let customerSub: string;

beforeAll(async () => {
  moto = await MotoServer.start();
  const aws = { region: 'ap-southeast-2', endpoint: moto.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const cognito = new CognitoIdentityProviderClient(aws);
  const pool = await cognito.send(new CreateUserPoolCommand({ PoolName: 'gomart-test' }));
  const userPoolId = pool.UserPool!.Id!;
  await cognito.send(
    new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: 'alice', UserAttributes: [{ Name: 'email', Value: 'alice@example.com' }] }),
  );
  const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: 'alice' }));
  customerSub = user.UserAttributes!.find((attribute) => attribute.Name === 'sub')!.Value!;
  await new SESv2Client(aws).send(new CreateEmailIdentityCommand({ EmailIdentity: 'orders@gomart.example' }));

  shop = await TestApp.start(GomartModule, {
    env: {
      SEED_PRODUCT_COUNT: '20',
      MAIL_TRANSPORT: 'ses',
      MAIL_FROM: 'orders@gomart.example',
      COGNITO_USER_POOL_ID: userPoolId,
      AWS_ENDPOINT: moto.endpoint,
    },
  });
});

afterAll(async () => {
  await shop?.close();
  await moto?.stop();
});

interface SentMessage {
  readonly source: string;
  readonly destinations: { ToAddresses: string[] };
  readonly subject: string;
  readonly body: string;
}

/** What moto's SES recorded as sent (its /moto-api/data.json lists messages under ses.Message). */
async function sentMail(): Promise<SentMessage[]> {
  const data = (await (await fetch(`${moto.endpoint}/moto-api/data.json`)).json()) as { ses?: { Message?: SentMessage[] } };
  return data.ses?.Message ?? [];
}

it("mails the customer at the address Cognito has for them when an order is placed", async () => {
  const placed = await shop.request('/orders', {
    method: 'POST',
    token: shop.token(customerSub),
    headers: { 'idempotency-key': randomUUID() },
    body: { lines: [{ productId: 'fv-000001', quantity: 1 }] },
  });
  expect(placed.status).toBe(201);
  const mails = await waitFor('the mail in SES', async () => {
    const sent = await sentMail();
    return sent.length > 0 ? sent : undefined;
  });
  expect(mails).toEqual([
    expect.objectContaining({
      source: 'orders@gomart.example',
      destinations: { ToAddresses: ['alice@example.com'] },
      subject: `Your Go Mart order ${placed.body.id} is confirmed`,
      body: expect.stringContaining('Total: AUD'),
    }),
  ]);
});

it('sends one mail through SES when the same event is delivered many times at the same moment', async () => {
  const orderId = `ord-${randomUUID().slice(0, 8)}`;
  const event = {
    type: 'OrderPlaced' as const,
    eventId: randomUUID(),
    occurredAt: new Date().toISOString(),
    orderId,
    customerId: customerSub,
    lines: [{ productId: 'fv-000001', sku: 'FV-000001', name: 'Apples', quantity: 2, unitPriceCents: 150 }],
    totalCents: 300,
    currency: 'AUD',
  };
  const notifier = shop.app.get(OrderNotifier);
  const deliveries = await Promise.allSettled(Array.from({ length: 6 }, () => notifier.handle(event)));
  // Each delivery sent the mail, found it sent, or was told to come back later (the transport redelivers).
  for (const delivery of deliveries) {
    if (delivery.status === 'rejected') expect(String(delivery.reason)).toContain('is being handled by another delivery');
  }
  await notifier.handle(event);
  const subject = `Your Go Mart order ${orderId} is confirmed`;
  expect((await sentMail()).filter((mail) => mail.subject === subject)).toEqual([expect.objectContaining({ destinations: { ToAddresses: ['alice@example.com'] } })]);
});
