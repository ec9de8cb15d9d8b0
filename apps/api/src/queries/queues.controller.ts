import {
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type Database from 'better-sqlite3';
import { QUEUES, readQueue, type QueueName } from '@vakregister/projections';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Access } from '../access/access.decorators';
import { READ_MODEL_DB } from '../projections/projections.module';
import { MinPositionQueryDto } from './min-position-query.dto';
import { MinPositionInterceptor } from './min-position.interceptor';
import { LedgerInteger, parseLedgerInteger } from '../http/ledger-integer';

export class QueueQueryDto extends MinPositionQueryDto {
  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @LedgerInteger('cursor is not a cursor of this API')
  cursor?: string;

  @ApiPropertyOptional({ example: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

@ApiTags('queues')
@Controller('v1/queues')
export class QueuesController {
  constructor(@Inject(READ_MODEL_DB) private readonly db: Database.Database) {}

  @Get(':queue')
  @Access({ roles: ['assessor', 'appeals'] })
  @UseInterceptors(MinPositionInterceptor)
  @ApiOperation({
    summary: 'Open work, oldest first: admissions, reviews, certification-requests, objections',
  })
  list(@Param('queue') queue: string, @Query() query: QueueQueryDto) {
    if (!(QUEUES as readonly string[]).includes(queue)) {
      throw new NotFoundException(`No queue ${queue}; there are ${QUEUES.join(', ')}.`);
    }
    const limit = query.limit ?? 50;
    const items = readQueue(
      this.db,
      queue as QueueName,
      limit + 1,
      parseLedgerInteger(query.cursor),
    );
    const page = items.slice(0, limit);
    return {
      queue,
      items: page,
      nextCursor: items.length > limit ? page[page.length - 1].sincePosition : null,
    };
  }
}
