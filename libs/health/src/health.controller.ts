import { Controller, Get, HttpStatus, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags, type SchemaObject } from '@nestjs/swagger';
import { withTimeout } from '@gomart/async';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { HealthRegistry, type DependencyCheck } from './health-registry';

const DEFAULT_PROBE_TIMEOUT_MS = 1000;

const DEPENDENCIES: SchemaObject = { type: 'object', additionalProperties: { type: 'object', required: ['status'], properties: { status: { type: 'string' } } } };
/** Terminus's answer: `{ status, info, error, details }` keyed by dependency. */
const HEALTH_RESULT: SchemaObject = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ok', 'error', 'shutting_down'] }, info: DEPENDENCIES, error: DEPENDENCIES, details: DEPENDENCIES },
};

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(HealthRegistry) private readonly registry: HealthRegistry,
  ) {}

  /** The process is up and its event loop answers; used by the container health check. */
  @Get('live')
  @ApiOperation({ operationId: 'getLiveness', summary: 'Liveness', description: 'The process runs and its event loop answers (the container health check).' })
  @ApiOkResponse({ description: 'The process is running.', schema: { type: 'object', required: ['status'], additionalProperties: false, properties: { status: { type: 'string', enum: ['ok'] } } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Dependencies answer and the instance is not shutting down; used by the load balancer. */
  @Get('ready')
  @ApiOperation({ operationId: 'getReadiness', summary: 'Readiness', description: 'Every required dependency answers and the instance is not shutting down (the load balancer\'s check).' })
  @ApiOkResponse({ description: 'Ready, possibly degraded (an optional dependency is down).', schema: HEALTH_RESULT })
  @ApiServiceUnavailableResponse({ description: 'A required dependency is down, or the instance is shutting down.', schema: HEALTH_RESULT })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    try {
      return await this.health.check(this.registry.checks.map((check) => () => this.probe(check)));
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      reply.status(HttpStatus.SERVICE_UNAVAILABLE);
      return error.getResponse() as HealthCheckResult;
    }
  }

  private async probe(check: DependencyCheck) {
    const session = this.indicators.check(check.name);
    const started = performance.now();
    try {
      await withTimeout(check.probe(), check.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS, check.name);
      return session.up({ latencyMs: Math.round(performance.now() - started) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return check.required ? session.down({ message }) : session.degraded({ message });
    }
  }
}
