import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@vakregister/event-store';
import { ProjectionEngine } from '@vakregister/projections';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One Prometheus registry per application instance (not the global one), so that several apps
 * in one process (tests) do not collide.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();

  constructor(@Inject(EVENT_STORE) store: EventStore, engine: ProjectionEngine) {
    collectDefaultMetrics({ register: this.registry, prefix: 'vakregister_' });
    new Gauge({
      name: 'vakregister_event_store_last_position',
      help: 'Global position of the last event in the ledger (-1 when empty)',
      registers: [this.registry],
      async collect() {
        const health = await store.health();
        this.set(Number(health.lastPosition ?? -1n));
      },
    });

    const labelNames = ['projection'] as const;
    const perProjection = (
      name: string,
      help: string,
      value: (status: ReturnType<ProjectionEngine['status']>[number], head: bigint) => number,
    ) =>
      new Gauge({
        name,
        help,
        labelNames,
        registers: [this.registry],
        async collect() {
          const head = (await store.health()).lastPosition ?? -1n;
          for (const status of engine.status())
            this.set({ projection: status.name }, value(status, head));
        },
      });
    perProjection(
      'vakregister_projection_checkpoint',
      'Position of the last event the projection applied',
      (status) => Number(status.checkpoint),
    );
    perProjection(
      'vakregister_projection_lag',
      'Positions between the end of the ledger and the checkpoint',
      (status, head) => Number(head > status.checkpoint ? head - status.checkpoint : 0n),
    );
    perProjection(
      'vakregister_projection_failed',
      '1 when the projection stopped at a failing event',
      (status) => (status.state === 'failed' ? 1 : 0),
    );
    perProjection(
      'vakregister_projection_rebuild_progress',
      'Share of the log a running rebuild has applied (0 to 1); 0 when none runs',
      (status) =>
        status.rebuild && status.rebuild.head > 0n
          ? Math.min(1, Number(status.rebuild.position + 1n) / Number(status.rebuild.head + 1n))
          : 0,
    );
  }

  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
