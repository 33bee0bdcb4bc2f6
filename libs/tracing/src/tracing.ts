import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';

export { SpanKind };

/** How this process traces (TRACING and friends, see the README's "Traces"). */
export interface TracingOptions {
  /** `off`: no span is ever made; `otlp`: batches to an OTLP/HTTP collector; `console`: spans on stdout. */
  readonly mode: 'off' | 'otlp' | 'console';
  /** The collector's base URL; spans go to `<endpoint>/v1/traces`. */
  readonly endpoint: string;
  /** Share of new traces recorded (a trace continued from a caller follows the caller's choice). */
  readonly sampleRatio: number;
  /** How long finished spans wait before they are sent in a batch. */
  readonly exportDelayMs: number;
}

/** The carrier of a trace context across a process boundary: W3C `traceparent` (and `tracestate`). */
export type TraceCarrier = Record<string, string>;

let provider: BasicTracerProvider | undefined;
let enabled = false;

/**
 * Turns tracing on for this process, once: the tracer provider with the service's name, the
 * W3C propagator and the async-hooks context manager (the active span follows awaits, as the
 * request id does). A later call (a second app in one test process) keeps the first set-up.
 * `exporter` replaces the configured one (tests).
 */
export function startTracing(service: string, options: TracingOptions, exporter?: SpanExporter): boolean {
  if (options.mode === 'off' && !exporter) return false;
  if (provider) return true;
  provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'service.namespace': 'gomart' }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.sampleRatio) }),
    spanProcessors: [processorFor(options, exporter)],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  enabled = true;
  return true;
}

function processorFor(options: TracingOptions, exporter?: SpanExporter): SpanProcessor {
  if (exporter) return new SimpleSpanProcessor(exporter);
  if (options.mode === 'console') return new SimpleSpanProcessor(new ConsoleSpanExporter());
  return new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/$/, '')}/v1/traces` }), {
    scheduledDelayMillis: options.exportDelayMs,
  });
}

/** Sends the spans finished so far (at shutdown, so the last requests are not lost); a collector that is down never fails the shutdown. */
export async function flushTracing(): Promise<void> {
  await provider?.forceFlush().catch(() => undefined);
}

/** Whether spans are made at all. Off, every helper here is a plain call: no span object exists. */
export function tracingEnabled(): boolean {
  return enabled;
}

export interface SpanOptions {
  readonly kind?: SpanKind;
  readonly attributes?: Attributes;
  /** The parent's context; the active one when omitted. */
  readonly parent?: Context;
  readonly links?: Link[];
}

/** A started span (undefined when tracing is off); end it with `endSpan`. */
export function startSpan(name: string, options: SpanOptions = {}): Span | undefined {
  if (!enabled) return undefined;
  return trace
    .getTracer('gomart')
    .startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, links: options.links }, options.parent ?? context.active());
}

/** Runs `work` with `span` active (so spans and log lines made inside belong to it). */
export function runInSpan<T>(span: Span | undefined, work: () => T): T {
  return span ? context.with(trace.setSpan(context.active(), span), work) : work();
}

/** Ends a span, marking it failed when `error` is given. */
export function endSpan(span: Span | undefined, error?: unknown): void {
  if (!span) return;
  if (error !== undefined) {
    const failure = error instanceof Error ? error : new Error(describeFailure(error));
    span.recordException(failure);
    span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
  }
  span.end();
}

/** A thrown non-Error (an RPC error body `{ code, message }`, a string) as text. */
function describeFailure(error: unknown): string {
  if (typeof error === 'string') return error;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'failed';
}

/** `work` inside a span of its own, ended when it settles; just `work()` when tracing is off. */
export async function inSpan<T>(name: string, options: SpanOptions, work: () => Promise<T>): Promise<T> {
  if (!enabled) return work();
  const span = startSpan(name, options);
  try {
    const result = await runInSpan(span, work);
    endSpan(span);
    return result;
  } catch (error) {
    endSpan(span, error);
    throw error;
  }
}

/** The active trace context as W3C headers, for a message leaving the process; undefined without one. */
export function traceCarrier(): TraceCarrier | undefined {
  if (!enabled || !trace.getSpan(context.active())) return undefined;
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ? carrier : undefined;
}

/** The active `traceparent`, to store in an event that may be delivered long after this request. */
export function currentTraceparent(): string | undefined {
  return traceCarrier()?.traceparent;
}

/** The context a received carrier continues (the root context when it carries none). */
export function contextFrom(carrier: Readonly<Record<string, unknown>> | undefined): Context {
  if (!enabled || !carrier) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, carrier, {
    get: (headers, key) => {
      const value = headers[key];
      return typeof value === 'string' ? value : undefined;
    },
    keys: (headers) => Object.keys(headers),
  });
}

/** The trace id of the active span, for log lines; undefined when tracing is off or nothing is traced. */
export function currentTraceId(): string | undefined {
  if (!enabled) return undefined;
  const spanContext = trace.getSpan(context.active())?.spanContext();
  return spanContext && trace.isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

/** The span context a context holds, e.g. to link a consumer's span to the delivery that brought the event. */
export function spanContextOf(parent: Context) {
  return trace.getSpanContext(parent);
}

/** The active span, to name or annotate it (e.g. with the route once routing chose one). */
export function activeSpan(): Span | undefined {
  return enabled ? trace.getSpan(context.active()) : undefined;
}

/** A sane carrier from the outside: only W3C fields, short strings. */
export function sanitizeCarrier(value: unknown): TraceCarrier | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const traceparent = record.traceparent;
  if (typeof traceparent !== 'string' || !TRACEPARENT_PATTERN.test(traceparent)) return undefined;
  const tracestate = record.tracestate;
  return typeof tracestate === 'string' && tracestate.length <= 512 ? { traceparent, tracestate } : { traceparent };
}

/** version-traceid-parentid-flags, as W3C Trace Context writes it. */
export const TRACEPARENT_PATTERN = /^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/;
