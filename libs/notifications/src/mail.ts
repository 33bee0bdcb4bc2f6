import type { OrderEvent } from '@gomart/contracts';

export interface Mail {
  /** The event the mail is about: one mail per event. */
  readonly id: string;
  /** The customer; the transport resolves the address (Cognito in AWS). */
  readonly customerId: string;
  readonly subject: string;
  readonly text: string;
}

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

export interface MailTransport {
  send(mail: Mail): Promise<void>;
}

const STATUS_PHRASES: Record<string, string> = {
  PICKING: 'is being picked',
  OUT_FOR_DELIVERY: 'is out for delivery',
  DELIVERED: 'has been delivered',
};

/** The customer-facing message for an order event. */
export function mailFor(event: OrderEvent): Mail {
  const base = { id: event.eventId, customerId: event.customerId };
  switch (event.type) {
    case 'OrderPlaced': {
      const lines = event.lines.map((line) => `  ${line.quantity} × ${line.name} @ ${money(line.unitPriceCents, event.currency)}`);
      return {
        ...base,
        subject: `Your Go Mart order ${event.orderId} is confirmed`,
        text: [`Thanks for shopping with Go Mart.`, '', ...lines, '', `Total: ${money(event.totalCents, event.currency)}`].join('\n'),
      };
    }
    case 'OrderCancelled':
      return {
        ...base,
        subject: `Your Go Mart order ${event.orderId} was cancelled`,
        text: `Your order ${event.orderId} was cancelled${event.cancelledBy === 'staff' ? ' by our store team' : ''}. You have not been charged.`,
      };
    case 'OrderStatusChanged':
      return {
        ...base,
        subject: `Your Go Mart order ${event.orderId} ${STATUS_PHRASES[event.to] ?? `is now ${event.to}`}`,
        text: `Order ${event.orderId} ${STATUS_PHRASES[event.to] ?? `is now ${event.to}`}.`,
      };
  }
}

function money(cents: number, currency: string): string {
  return `${currency} ${(cents / 100).toFixed(2)}`;
}
