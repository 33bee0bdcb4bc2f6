import type { FastifyRequest } from 'fastify';

export const READ_THROUGH = Symbol('READ_THROUGH');

export interface ReadThroughOptions {
  /** The cache key for a request; build it with the domain's key builder, never inline. */
  readonly key: (request: FastifyRequest) => string;
  /** Groups entries so one write can invalidate them all (e.g. every catalog page). */
  readonly tags?: readonly string[];
}
