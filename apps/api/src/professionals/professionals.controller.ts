import { UuidParam } from '../http/uuid-param';
import {
  BadRequestException,
  Body,
  Controller,
  HttpCode,
  Patch,
  Post,
  Put,
  Res,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '../access/access.decorators';
import type { CommandEnvelope } from '../commands/command-envelope';
import { Envelope } from '../commands/envelope.decorator';
import { withReason } from '../commands/with-reason';
import { RegisterProfessionalCommand } from '../commands/register-professional';
import { AdmissionDecisionDto } from './admission.dto';
import { CertificationDecisionDto } from './certification-decision.dto';
import { CorrectProfessionalDto } from './correct-professional.dto';
import { DevelopmentPlanDto } from './development-plan.dto';
import { EmptyDto } from './empty.dto';
import { LogActivityDto } from './log-activity.dto';
import { ProfessionalCommands, eventData } from './professional-commands.service';
import { OptionalReasonDto, RequiredReasonDto } from './reasons.dto';
import { RegisterProfessionalDto } from './register-professional.dto';
import { ReviewActivityDto } from './review-activity.dto';
import { SuspensionDto } from './suspension.dto';

const Id = () => UuidParam('id');

@ApiTags('professionals')
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'Retry-safe key, kept at least 24 hours',
})
@ApiHeader({ name: 'X-Correlation-Id', required: false })
@Controller('v1/professionals')
export class ProfessionalsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly professionals: ProfessionalCommands,
  ) {}

  @Post()
  @Access({ roles: ['registrar'] })
  @ApiOperation({ summary: 'Register an applicant; assigns a registration number' })
  async register(
    @Body() body: RegisterProfessionalDto,
    @Envelope() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (!body.diploma && !body.evc) {
      throw new BadRequestException({
        detail: 'Give a diploma or an EVC statement (evc: true).',
        errors: [{ field: 'diploma', message: 'diploma or evc is required' }],
      });
    }
    const outcome = await this.commandBus.execute(
      new RegisterProfessionalCommand(
        {
          name: body.name,
          email: body.email,
          municipality: body.municipality,
          sector: body.sector,
          diploma: body.diploma ? { level: body.diploma.level, field: body.diploma.field } : null,
          evc: body.evc ?? false,
          experienceYears: body.experienceYears,
          codeSigned: body.codeSigned,
        },
        envelope,
      ),
    );
    void reply.header('ETag', `"${outcome.revision}"`);
    const { professionalId, registrationNumber, position } = outcome;
    return { professionalId, registrationNumber, position };
  }

  @Patch(':id')
  @Access({ roles: ['registrar'], self: true })
  @ApiOperation({
    summary: 'Correct details (a professional may correct only their e-mail address)',
  })
  async correct(
    @Id() id: string,
    @Body() body: CorrectProfessionalDto,
    @Envelope() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { reason, ...given } = body;
    // Only the fields sent are corrections; the DTO instance also holds the absent ones.
    const changes = Object.fromEntries(
      Object.entries(given).filter(([, value]) => value !== undefined),
    ) as typeof given;
    if (
      envelope.actor.role === 'professional' &&
      Object.keys(changes).some((field) => field !== 'email')
    ) {
      throw new BadRequestException({
        detail: 'A professional may correct only their own e-mail address.',
        errors: [{ field: 'email', message: 'only email may be corrected by the professional' }],
      });
    }
    const outcome = await this.professionals.execute(
      id,
      { type: 'CorrectProfessionalDetails', data: { changes, reason } },
      withReason(envelope, reason),
      reply,
    );
    return { position: outcome.position };
  }

  @Post(':id/admission')
  @Access({ roles: ['assessor'], separationOfDuties: true })
  @ApiOperation({ summary: 'Admit or refuse an applicant' })
  async decideAdmission(
    @Id() id: string,
    @Body() body: AdmissionDecisionDto,
    @Envelope() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.professionals.execute(
      id,
      { type: 'DecideAdmission', data: { outcome: body.outcome, reasons: body.reasons } },
      withReason(envelope, body.reasons.join('; ')),
      reply,
    );
    const { decisionId } = eventData(outcome, 'AdmissionGranted', 'AdmissionRefused');
    return { decisionId, position: outcome.position };
  }

  @Put(':id/development-plan')
  @Access({ roles: ['registrar'], self: true })
  @ApiOperation({ summary: 'Set the development plan: 2 to 4 competencies of the scheme' })
  async setPlan(
    @Id() id: string,
    @Body() body: DevelopmentPlanDto,
    @Envelope() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.professionals.execute(
      id,
      { type: 'SetDevelopmentPlan', data: { competencies: body.competencies } },
      envelope,
      reply,
    );
    return { position: outcome.position };
  }

  @Post(':id/activities')
  @Access({ roles: [], self: true })
  @ApiOperation({ summary: 'Log a completed activity' })
  async logActivity(
    @Id() id: string,
    @Body() body: LogActivityDto,
    @Envelope() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { evidence, ...activity } = body;
    const outcome = await this.professionals.execute(
      id,
      {
        type: 'LogActivity',
        data: {
          ...activity,
          ...(evidence ? { evidence: { uri: evidence.uri, sha256: evidence.sha256 } } : {}),
        },
      },
      envelope,
      reply,
    );
    return {
      activityId: eventData(outcome, 'ActivityLogged').activityId,
      position: outcome.position,
    };
  }

  @Post(':id/activities/:activityId/withdrawal')
  @Access({ roles: [], self: true })
  @ApiOperation({ summary: 'Withdraw an activity that has not been reviewed' })
  async withdrawActivity(
    @Id() id: string,
    @UuidParam('activityId') activityId: string,
    @Body() body: OptionalReasonDto,
    @Envelope() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.professionals.execute(
      id,
      {
        type: 'WithdrawActivity',
        data: { activityId, ...(body.reason ? { reason: body.reason } : {}) },
      },
      withReason(envelope, body.reason),
      reply,
    );
    return { position: outcome.position };
  }

  @Post(':id/activities/:activityId/review')
  @Access({ roles: ['assessor'], separationOfDuties: true })
  @ApiOperation({ summary: 'Approve or reject an activity' })
  async reviewActivity(
    @Id() id: string,
    @UuidParam('activityId') activityId: string,
    @Body() body: ReviewActivityDto,
    @Envelope() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.professionals.execute(
      id,
      { type: 'ReviewActivity', data: { activityId, outcome: body.outcome, reason: body.reason } },
      withReason(envelope, body.reason),
      reply,
    );
    return { position: outcome.position };
  }

  @Post(':id/certification-requests')
  @Access({ roles: [], self: true })
  @ApiOperation({ summary: 'Request (re)certification' })
  async requestCertification(
    @Id() id: string,
    @Body() _body: EmptyDto,
    @Envelope() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.professionals.execute(
      id,
      { type: 'RequestCertification', data: {} },
      envelope,
      reply,
    );
    const { requestId, kind, cycle } = eventData(outcome, 'CertificationRequested');
    return { requestId, kind, cycle, position: outcome.position };
  }

  @Post(':id/certification-requests/:requestId/withdrawal')
  @Access({ roles: [], self: true })
  @ApiOperation({ summary: 'Withdraw an undecided certification request' })
  async withdrawRequest(
    @Id() id: string,
    @UuidParam('requestId') requestId: string,
    @Body() body: OptionalReasonDto,
    @Envelope() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.professionals.execute(
      id,
      {
        type: 'WithdrawCertificationRequest',
        data: { requestId, ...(body.reason ? { reason: body.reason } : {}) },
      },
      withReason(envelope, body.reason),
      reply,
    );
    return { position: outcome.position };
  }

  @Post(':id/certification-decisions')
  @Access({ roles: ['assessor'], separationOfDuties: true })
  @ApiOperation({ summary: 'Grant or refuse a certification request' })
  async decideCertification(
    @Id() id: string,
    @Body() body: CertificationDecisionDto,
    @Envelope() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.professionals.execute(
      id,
      {
        type: 'DecideCertification',
        data: { requestId: body.requestId, outcome: body.outcome, reasons: body.reasons },
      },
      withReason(envelope, body.reasons.join('; ')),
      reply,
    );
    const granted = outcome.events.find((event) => event.type === 'CertificateGranted');
    if (granted?.type === 'CertificateGranted') {
      const { decisionId, certificateId, validFrom, validUntil } = granted.data;
      return { decisionId, certificateId, validFrom, validUntil, position: outcome.position };
    }
    return {
      decisionId: eventData(outcome, 'CertificationRefused').decisionId,
      position: outcome.position,
    };
  }

  @Post(':id/suspensions')
  @Access({ roles: ['registrar'], separationOfDuties: true })
  @ApiOperation({ summary: 'Suspend the certificate until a date (at most 12 months)' })
  async suspend(
    @Id() id: string,
    @Body() body: SuspensionDto,
    @Envelope() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.professionals.execute(
      id,
      { type: 'SuspendCertificate', data: { until: body.until, reason: body.reason } },
      withReason(envelope, body.reason),
      reply,
    );
    return {
      decisionId: eventData(outcome, 'CertificateSuspended').decisionId,
      position: outcome.position,
    };
  }

  @Post(':id/suspensions/:decisionId/lift')
  @Access({ roles: ['registrar'], separationOfDuties: true })
  @ApiOperation({ summary: 'Lift a suspension before its end date' })
  async lift(
    @Id() id: string,
    @UuidParam('decisionId') decisionId: string,
    @Body() body: RequiredReasonDto,
    @Envelope() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.professionals.execute(
      id,
      { type: 'LiftSuspension', data: { decisionId, reason: body.reason } },
      withReason(envelope, body.reason),
      reply,
    );
    return { position: outcome.position };
  }

  @Post(':id/revocation')
  @Access({ roles: ['registrar'], separationOfDuties: true })
  @ApiOperation({ summary: 'Revoke the certificate (permanent)' })
  async revoke(
    @Id() id: string,
    @Body() body: RequiredReasonDto,
    @Envelope() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.professionals.execute(
      id,
      { type: 'RevokeCertificate', data: { reason: body.reason } },
      withReason(envelope, body.reason),
      reply,
    );
    return {
      decisionId: eventData(outcome, 'CertificateRevoked').decisionId,
      position: outcome.position,
    };
  }

  @Post(':id/withdrawal')
  @Access({ roles: ['registrar'], self: true })
  @ApiOperation({ summary: 'Withdraw from the register (opt out)' })
  @HttpCode(201)
  async withdraw(
    @Id() id: string,
    @Body() body: OptionalReasonDto,
    @Envelope() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.professionals.execute(
      id,
      { type: 'WithdrawProfessional', data: { ...(body.reason ? { reason: body.reason } : {}) } },
      withReason(envelope, body.reason),
      reply,
    );
    return { position: outcome.position };
  }
}
