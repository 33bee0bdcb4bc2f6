import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OrderEvent, OrderEventHandler } from '@gomart/contracts';
import { Metrics } from '@gomart/metrics';
import { currentRequestId, runInRequest } from '@gomart/request-context';
import { activeSpan, contextFrom, endSpan, runInSpan, SpanKind, spanContextOf, startSpan, type SpanOptions } from '@gomart/tracing';

/** An event reached a process where nothing consumes it: a wiring mistake, not a message to drop. */
export class NoConsumerError extends Error {
  constructor(event: OrderEvent) {
    super(`no consumer of order events in this process for ${event.type} ${event.eventId}`);
    this.name = 'NoConsumerError';
  }
}

/**
 * The consumers of order events in this process. Whatever delivers events — the in-process
 * bus in the monolith, a TCP or SQS listener in split mode — hands them to `deliver`, which
 * runs every handler in the request context of the request that caused the event, and (when
 * tracing) in a consumer span of that request's trace. Delivery is at least once: every
 * handler de-duplicates on `eventId`.
 */
@Injectable()
export class OrderEventConsumers {
  private readonly logger = new Logger('Events');
  private readonly handlers: { readonly name: string; readonly handle: OrderEventHandler }[] = [];

  constructor(@Inject(Metrics) private readonly metrics: Metrics) {}

  subscribe(name: string, handle: OrderEventHandler): void {
    this.handlers.push({ name, handle });
  }

  /** Runs every handler; rejects if one failed (or none exists), so the sender keeps the event and retries it. */
  async deliver(event: OrderEvent): Promise<void> {
    if (this.handlers.length === 0) throw new NoConsumerError(event);
    const requestId = currentRequestId() ?? event.correlationId ?? event.eventId;
    const results = await runInRequest(requestId, async () => {
      const span = startSpan(`process ${event.type}`, consumerSpan(event));
      const settled = await runInSpan(span, () => Promise.allSettled(this.handlers.map(({ handle }) => handle(event))));
      endSpan(span, settled.some((result) => result.status === 'rejected') ? new Error('a consumer failed') : undefined);
      return settled;
    });
    const failed = results.flatMap((result, index) => (result.status === 'rejected' ? [{ index, reason: result.reason as unknown }] : []));
    for (const { index, reason } of failed) {
      this.metrics.count('ConsumerFailures', this.handlers[index]?.name ?? 'unknown');
      this.logger.warn(`${this.handlers[index]?.name} failed on ${event.type} ${event.eventId}: ${String(reason)}`);
    }
    if (failed.length > 0) throw new Error(`${failed.length} consumer(s) failed on event ${event.eventId}`);
  }
}

/**
 * The consumer's span joins the trace of the span that raised the event (`traceparent`, kept
 * in the event through the outbox): under the delivery's own span when that is the same trace
 * (published right after the request), else as a child of the raiser, linked to the delivery
 * (a sweeper's republish, an SQS redelivery).
 */
function consumerSpan(event: OrderEvent): SpanOptions {
  const attributes = { 'messaging.operation.type': 'process', 'messaging.message.id': event.eventId, 'gomart.order_id': event.orderId };
  const raised = contextFrom(event.traceparent ? { traceparent: event.traceparent } : undefined);
  const raiser = spanContextOf(raised);
  const delivery = activeSpan()?.spanContext();
  if (!raiser || raiser.traceId === delivery?.traceId) return { kind: SpanKind.CONSUMER, attributes };
  return { kind: SpanKind.CONSUMER, attributes, parent: raised, links: delivery ? [{ context: delivery }] : [] };
}
