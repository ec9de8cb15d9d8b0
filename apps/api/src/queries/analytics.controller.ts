import { Controller, Get, Query, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { amsterdamDate } from '@vakregister/certification';
import { DomainClock } from '@vakregister/ledger';
import { AnalyticsQueries } from '@vakregister/projections';
import { IsOptional, IsString } from 'class-validator';
import { Access } from '../access/access.decorators';
import { MinPositionQueryDto } from './min-position-query.dto';
import { MinPositionInterceptor } from './min-position.interceptor';
import { parseAsOf } from './time-travel';

export class AnalyticsQueryDto extends MinPositionQueryDto {
  @ApiPropertyOptional({
    example: '2018-01-01',
    description: 'Valid time: the figures as of this date (default: today)',
  })
  @IsOptional()
  @IsString()
  asOf?: string;
}

@ApiTags('analytics')
@Controller('v1/analytics')
export class AnalyticsController {
  constructor(
    private readonly analytics: AnalyticsQueries,
    private readonly clock: DomainClock,
  ) {}

  @Get('pilot')
  // Aggregates only, without names; still only for analysts, whose work this is.
  @Access({ roles: ['analyst'] })
  @UseInterceptors(MinPositionInterceptor)
  @ApiOperation({ summary: 'Pilot figures per municipality and sector, as of a date' })
  pilot(@Query() query: AnalyticsQueryDto) {
    return this.analytics.pilot(parseAsOf(query.asOf) ?? amsterdamDate(this.clock.now()));
  }
}
