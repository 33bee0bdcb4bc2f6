import { Injectable } from '@nestjs/common';

export interface DependencyCheck {
  /** Key under which the result appears in `/health/ready`. */
  readonly name: string;
  /** Resolves when the dependency answers; rejects (or times out) when it does not. */
  readonly probe: () => Promise<unknown>;
  /**
   * A required dependency that is down makes the instance unready (503). An optional one
   * (the cache) is reported as `degraded` instead: the instance still serves correctly, and
   * failing readiness would pull every instance out of the load balancer at once.
   */
  readonly required: boolean;
  readonly timeoutMs?: number;
}

/** Where each platform module registers the dependencies readiness depends on. */
@Injectable()
export class HealthRegistry {
  private readonly registered = new Map<string, DependencyCheck>();

  register(check: DependencyCheck): void {
    this.registered.set(check.name, check);
  }

  get checks(): readonly DependencyCheck[] {
    return [...this.registered.values()];
  }
}
