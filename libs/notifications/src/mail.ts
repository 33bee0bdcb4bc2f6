import type { OrderEvent } from '@gomart/contracts';

export interface Mail {
  /** The event the mail is about: one mail per event. */
  readonly id: string;
  /** The customer; the transport resolves the address unless `to` is known (Cognito in AWS). */
  readonly customerId: string;
  /** The address the order recorded (the token's email claim at order time), when known. */
  readonly to?: string;
  readonly subject: string;
  readonly text: string;
}

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

export interface MailTransport {
  send(mail: Mail): Promise<void>;
  /**
   * Whether this mail (by its event id) was already sent, where the transport can tell. Asked
   * only when a delivery takes over a claim that was never marked done, to close the window
   * between a send and its record (a crash there would otherwise send it again). SES cannot
   * say: there, that window remains (at least once, never lost).
   */
  alreadySent?(mail: Mail): Promise<boolean>;
}

const STATUS_PHRASES: Record<string, string> = {
  PICKING: 'is being picked',
  OUT_FOR_DELIVERY: 'is out for delivery',
  DELIVERED: 'has been delivered',
};

/** The customer-facing message for an order event. */
export function mailFor(event: OrderEvent): Mail {
  const to = event.type === 'OrderPlaced' || event.type === 'OrderPicked' ? event.email : undefined;
  const base = { id: event.eventId, customerId: event.customerId, ...(to ? { to } : {}) };
  switch (event.type) {
    case 'OrderPlaced': {
      const lines = event.lines.map((line) => `  ${line.quantity} × ${line.name} @ ${money(line.unitPriceCents, event.currency)}`);
      const fee = event.deliveryFeeCents ? [`Delivery: ${money(event.deliveryFeeCents, event.currency)}`] : [];
      const slot = event.slot ? [`Delivery slot: ${event.slot.start} to ${event.slot.end}`] : [];
      const weighed = event.authorisedCents && event.authorisedCents > event.totalCents
        ? [`Items sold by weight are estimated; we charge what they weigh, at most ${money(event.authorisedCents, event.currency)} in all.`]
        : [];
      return {
        ...base,
        subject: `Your Go Mart order ${event.orderId} is confirmed`,
        text: [`Thanks for shopping with Go Mart.`, '', ...lines, '', ...fee, `Total: ${money(event.totalCents, event.currency)}`, ...slot, ...weighed].join('\n'),
      };
    }
    case 'OrderPicked': {
      const changes = event.lines.flatMap((line) => {
        if (line.result === 'substituted') return [`  Instead of ${line.name}: ${line.substituteName ?? line.substituteProductId} (${money(line.finalCents, event.currency)})`];
        if (line.result === 'unavailable') return [`  ${line.name} was not available: refunded ${money(line.estimatedCents, event.currency)}`];
        if (line.grams !== undefined) return [`  ${line.name}: ${line.grams} g, ${money(line.finalCents, event.currency)}`];
        return [];
      });
      return {
        ...base,
        subject: `Your Go Mart order ${event.orderId} is on its way`,
        text: [
          `Your order has been picked and is out for delivery.`,
          ...(changes.length ? ['', 'What changed:', ...changes] : ['', 'Everything was picked as ordered.']),
          '',
          `Final total: ${money(event.finalTotalCents, event.currency)}`,
        ].join('\n'),
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
