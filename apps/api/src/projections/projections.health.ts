import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@vakregister/event-store';
import { ProjectionEngine } from '@vakregister/projections';

/** Each projection's state, checkpoint and lag behind the log; down when one has failed. */
@Injectable()
export class ProjectionsHealthIndicator {
  constructor(
    private readonly engine: ProjectionEngine,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(key = 'projections') {
    const head = (await this.store.health()).lastPosition ?? -1n;
    const projections = Object.fromEntries(
      this.engine.status().map((status) => [
        status.name,
        {
          state: status.rebuild ? 'rebuilding' : status.state,
          checkpoint: status.checkpoint.toString(),
          lag: (head > status.checkpoint ? head - status.checkpoint : 0n).toString(),
          ...(status.failure
            ? {
                failure: {
                  position: status.failure.position.toString(),
                  eventId: status.failure.eventId,
                  type: status.failure.type,
                  error: status.failure.error,
                },
              }
            : {}),
        },
      ]),
    );
    const failed = this.engine.status().some((status) => status.state === 'failed');
    const indicator = this.indicators.check(key);
    return failed ? indicator.down({ projections }) : indicator.up({ projections });
  }
}
