import { Controller, Get, NotFoundException, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ledger } from '@vakregister/ledger';
import { Access } from '../access/access.decorators';
import { Actor, type RequestActor } from '../access/request-actor';
import { UuidParam } from '../http/uuid-param';
import { MinPositionInterceptor } from '../queries/min-position.interceptor';
import { DecisionLocator } from './decision-locator';
import { decisionView } from './decision-view';

@ApiTags('decisions')
@Controller('v1/decisions')
export class DecisionsController {
  constructor(
    private readonly locator: DecisionLocator,
    private readonly ledger: Ledger,
  ) {}

  @Get(':decisionId')
  @Access({ roles: ['assessor', 'appeals', 'auditor'], self: true })
  @UseInterceptors(MinPositionInterceptor)
  @ApiOperation({
    summary:
      'A decision with its recorded basis, and whether recomputing it at its position agrees',
  })
  async get(@UuidParam('decisionId') decisionId: string, @Actor() actor: RequestActor) {
    const location = await this.locator.decision(decisionId, actor);
    const view = await decisionView(this.ledger, location.professionalId, decisionId);
    if (!view) throw new NotFoundException(`No decision ${decisionId} is visible to you.`);
    return view;
  }
}
