import { Public } from '../access/access.decorators';
import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { ProjectionsHealthIndicator } from '../projections/projections.health';
import { EventStoreHealthIndicator } from './event-store.health';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly eventStore: EventStoreHealthIndicator,
    private readonly projections: ProjectionsHealthIndicator,
  ) {}

  @Public()
  @Get()
  @HealthCheck()
  @ApiOperation({
    summary:
      'Liveness and readiness: the event store, its last position, and the lag of each projection',
  })
  check() {
    return this.health.check([() => this.eventStore.check(), () => this.projections.check()]);
  }
}
