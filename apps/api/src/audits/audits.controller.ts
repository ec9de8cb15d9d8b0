import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorators';
import { DrawAuditSampleCommand } from '../commands/draw-audit-sample';
import type { CommandEnvelope } from '../commands/command-envelope';
import { Envelope } from '../commands/envelope.decorator';
import { DrawSampleDto } from './draw-sample.dto';

@ApiTags('audits')
@Controller('v1/audits')
export class AuditsController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('samples')
  @Access({ roles: ['assessor'] })
  @ApiOperation({ summary: 'Draw a reproducible random audit sample (steekproef)' })
  async draw(@Body() body: DrawSampleDto, @Envelope() envelope: CommandEnvelope) {
    return this.commandBus.execute(
      new DrawAuditSampleCommand(body.seed, body.size, body.population, envelope),
    );
  }
}
