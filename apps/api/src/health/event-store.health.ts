import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@vakregister/event-store';

/** Reports whether the event store answers, which adapter it is and where the log ends. */
@Injectable()
export class EventStoreHealthIndicator {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(key = 'eventStore') {
    const indicator = this.indicators.check(key);
    const health = await this.store.health();
    const details = {
      adapter: health.adapter,
      // Positions are bigints inside and decimal strings at the edges.
      lastPosition: health.lastPosition === undefined ? null : health.lastPosition.toString(),
    };
    return health.status === 'up'
      ? indicator.up(details)
      : indicator.down({ ...details, message: health.detail ?? 'unavailable' });
  }
}
