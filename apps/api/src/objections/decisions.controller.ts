import {
  Controller,
  Get,
  NotFoundException,
  ServiceUnavailableException,
  UseInterceptors,
} from '@nestjs/common';
import { professionalStream } from '@vakregister/certification';
import { IntegrityKeeper } from '@vakregister/ledger-integrity';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ledger } from '@vakregister/ledger';
import { Access } from '../access/access.decorators';
import { Actor, type RequestActor } from '../access/request-actor';
import { UuidParam } from '../http/uuid-param';
import { MinPositionInterceptor } from '../queries/min-position.interceptor';
import { DecisionLocator } from './decision-locator';
import { decisionView } from './decision-view';

/** How long a receipt waits for the tree head that signs its decision. */
const RECEIPT_WAIT_MS = 5_000;

@ApiTags('decisions')
@Controller('v1/decisions')
export class DecisionsController {
  constructor(
    private readonly locator: DecisionLocator,
    private readonly ledger: Ledger,
    private readonly keeper: IntegrityKeeper,
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

  @Get(':decisionId/receipt')
  @Access({ roles: ['assessor', 'appeals', 'auditor'], self: true })
  @ApiOperation({
    summary: 'The decision event, its inclusion proof and a signed tree head: verifiable offline',
  })
  async receipt(@UuidParam('decisionId') decisionId: string, @Actor() actor: RequestActor) {
    const location = await this.locator.decision(decisionId, actor);
    const recorded = (
      await this.ledger.readStream(professionalStream(location.professionalId))
    ).find(
      (event) =>
        (event.data as { decisionId?: string }).decisionId === decisionId &&
        event.position === location.position,
    );
    if (!recorded) throw new NotFoundException(`No decision ${decisionId} is visible to you.`);
    // A head is signed per batch; wait briefly for the one that includes this decision.
    if (!(await this.keeper.waitFor(recorded.position, RECEIPT_WAIT_MS))) {
      throw new ServiceUnavailableException(
        'The decision is not in a signed tree head yet; retry in a moment.',
      );
    }
    const receipt = this.keeper.buildReceipt(recorded);
    if (!receipt)
      throw new ServiceUnavailableException('The decision is not in a signed tree head yet.');
    return receipt;
  }
}
