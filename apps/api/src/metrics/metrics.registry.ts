import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@vakregister/event-store';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One Prometheus registry per application instance (not the global one), so that several apps
 * in one process (tests) do not collide.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();

  constructor(@Inject(EVENT_STORE) store: EventStore) {
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
  }

  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
