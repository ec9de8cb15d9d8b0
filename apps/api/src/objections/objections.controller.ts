import { Body, Controller, Get, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { amsterdamDate, professionalStream } from '@vakregister/certification';
import { DomainClock, Ledger } from '@vakregister/ledger';
import { DecisionQueries } from '@vakregister/projections';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Access } from '../access/access.decorators';
import { Actor, type RequestActor } from '../access/request-actor';
import type { CommandEnvelope } from '../commands/command-envelope';
import { Envelope } from '../commands/envelope.decorator';
import { withReason } from '../commands/with-reason';
import { UuidParam } from '../http/uuid-param';
import { ProfessionalCommands, eventData } from '../professionals/professional-commands.service';
import { MinPositionQueryDto } from '../queries/min-position-query.dto';
import { MinPositionInterceptor } from '../queries/min-position.interceptor';
import { DecisionLocator } from './decision-locator';
import { DecideObjectionDto, ExtendObjectionDto, LodgeObjectionDto } from './objection.dto';

/** Events that carry a decision's id without being that decision. */
const NOT_DECISIONS = new Set(['SuspensionLifted', 'SuspensionEnded', 'ObjectionLodged']);

export class ObjectionsQueryDto extends MinPositionQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Only open objections past their due date',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: string;
}

@ApiTags('objections')
@Controller('v1')
export class ObjectionsController {
  constructor(
    private readonly locator: DecisionLocator,
    private readonly professionals: ProfessionalCommands,
    private readonly ledger: Ledger,
    private readonly queries: DecisionQueries,
    private readonly clock: DomainClock,
  ) {}

  @Post('decisions/:decisionId/objections')
  @Access({ roles: ['appeals'], self: true })
  @ApiOperation({ summary: 'Lodge an objection (bezwaar) against a decision, within six weeks' })
  async lodge(
    @UuidParam('decisionId') decisionId: string,
    @Body() body: LodgeObjectionDto,
    @Envelope() envelope: CommandEnvelope,
    @Actor() actor: RequestActor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const location = await this.locator.decision(decisionId, actor);
    const contested = await this.recordedEventOf(location.professionalId, 'decisionId', decisionId);
    const outcome = await this.professionals.execute(
      location.professionalId,
      {
        type: 'LodgeObjection',
        data: {
          decisionId,
          grounds: body.grounds,
          advisoryCommittee: body.advisoryCommittee ?? false,
          ...(body.lateAdmissionReason ? { lateAdmissionReason: body.lateAdmissionReason } : {}),
          actorRole: actor.role,
        },
      },
      // The objection is caused by the decision it contests.
      withReason(
        { ...envelope, causationId: contested?.id ?? envelope.causationId },
        body.lateAdmissionReason,
      ),
      reply,
    );
    const { objectionId, dueBy } = eventData(outcome, 'ObjectionLodged');
    return { objectionId, dueBy, position: outcome.position };
  }

  @Post('objections/:objectionId/extension')
  @Access({ roles: ['appeals'] })
  @ApiOperation({ summary: 'Extend the deadline of an objection once, by six weeks' })
  async extend(
    @UuidParam('objectionId') objectionId: string,
    @Body() body: ExtendObjectionDto,
    @Envelope() envelope: CommandEnvelope,
    @Actor() actor: RequestActor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const objection = await this.locator.objection(objectionId, actor);
    const outcome = await this.professionals.execute(
      objection.professionalId,
      { type: 'ExtendObjectionDeadline', data: { objectionId, reason: body.reason } },
      withReason(envelope, body.reason),
      reply,
    );
    return {
      dueBy: eventData(outcome, 'ObjectionDeadlineExtended').dueBy,
      position: outcome.position,
    };
  }

  @Post('objections/:objectionId/decision')
  @Access({ roles: ['appeals'] })
  @ApiOperation({
    summary: 'Decide an objection; an upheld one appends the remedy (e.g. a backdated certificate)',
  })
  async decide(
    @UuidParam('objectionId') objectionId: string,
    @Body() body: DecideObjectionDto,
    @Envelope() envelope: CommandEnvelope,
    @Actor() actor: RequestActor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const objection = await this.locator.objection(objectionId, actor);
    const [lodged, contested] = await Promise.all([
      this.recordedEventOf(objection.professionalId, 'objectionId', objectionId, 'ObjectionLodged'),
      this.recordedEventOf(objection.professionalId, 'decisionId', objection.decisionId),
    ]);
    const outcome = await this.professionals.execute(
      objection.professionalId,
      {
        type: 'DecideObjection',
        data: {
          objectionId,
          outcome: body.outcome,
          reasons: body.reasons,
          deciderId: actor.id,
          ...(actor.professionalId ? { deciderProfessionalId: actor.professionalId } : {}),
          contestedDeciderId: String(
            (contested?.metadata.actor as { id?: string } | undefined)?.id ?? '',
          ),
        },
      },
      // The outcome and its remedy are caused by the objection.
      withReason(
        { ...envelope, causationId: lodged?.id ?? envelope.causationId },
        body.reasons.join('; '),
      ),
      reply,
    );
    const decided = eventData(outcome, 'ObjectionDecided');
    return {
      position: outcome.position,
      ...(decided.replacementDecisionId
        ? { replacementDecisionId: decided.replacementDecisionId }
        : {}),
    };
  }

  @Get('objections')
  @Access({ roles: ['appeals', 'professional'] })
  @UseInterceptors(MinPositionInterceptor)
  @ApiOperation({
    summary: 'Objection cases with deadlines and outcome (a professional sees their own)',
  })
  list(@Query() query: ObjectionsQueryDto, @Actor() actor: RequestActor) {
    const own = actor.role === 'professional' ? (actor.professionalId ?? '—') : undefined;
    return {
      objections: this.queries.objections({
        ...(own ? { professionalId: own } : {}),
        ...(query.overdue === 'true' ? { overdueOn: amsterdamDate(this.clock.now()) } : {}),
        limit: 500,
      }),
    };
  }

  @Get('objections/:objectionId')
  @Access({ roles: ['appeals', 'professional'] })
  @UseInterceptors(MinPositionInterceptor)
  @ApiOperation({ summary: 'One objection case' })
  get(@UuidParam('objectionId') objectionId: string, @Actor() actor: RequestActor) {
    return this.locator.objection(objectionId, actor);
  }

  /** The recorded event that carries an id in its data (a decision or an objection). */
  private async recordedEventOf(
    professionalId: string,
    field: 'decisionId' | 'objectionId',
    id: string,
    type?: string,
  ) {
    for (const recorded of await this.ledger.readStream(professionalStream(professionalId))) {
      if ((recorded.data as Record<string, unknown>)[field] !== id) continue;
      if (type ? recorded.type === type : !NOT_DECISIONS.has(recorded.type)) return recorded;
    }
    return undefined;
  }
}
