import { Body, Controller, Get, Inject, NotFoundException, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { professionalStream } from '@vakregister/certification';
import { Ledger } from '@vakregister/ledger';
import { TokenStore } from '@vakregister/access';
import { ERASED_MARKER, type KeyStore } from '@vakregister/privacy';
import { RegisterQueries } from '@vakregister/projections';
import type { FastifyReply } from 'fastify';
import { Access } from '../access/access.decorators';
import type { CommandEnvelope } from '../commands/command-envelope';
import { Envelope } from '../commands/envelope.decorator';
import { withReason } from '../commands/with-reason';
import { UuidParam } from '../http/uuid-param';
import { KEY_STORE } from '../ledger/ledger.module';
import { ProfessionalCommands } from '../professionals/professional-commands.service';
import { RequiredReasonDto } from '../professionals/reasons.dto';

@ApiTags('privacy')
@Controller('v1/professionals')
export class PrivacyController {
  constructor(
    private readonly professionals: ProfessionalCommands,
    private readonly ledger: Ledger,
    private readonly register: RegisterQueries,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    private readonly tokens: TokenStore,
  ) {}

  @Post(':id/erasure')
  @Access({ roles: ['registrar'] })
  @ApiOperation({
    summary:
      'Erase the personal data (crypto-shredding): the history stays under the registration number',
  })
  async erase(
    @UuidParam('id') id: string,
    @Body() body: RequiredReasonDto,
    @Envelope() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.professionals.execute(
      id,
      { type: 'ErasePersonalData', data: { basis: 'request' } },
      withReason(envelope, body.reason),
      reply,
    );
    // Recorded first, then shredded: the scheduler shreds too, should this process stop in between.
    this.keys.destroy(id);
    this.tokens.eraseProfessional(id, ERASED_MARKER);
    return { position: outcome.position };
  }

  @Get(':id/export')
  @Access({ roles: ['registrar'], self: true })
  @ApiOperation({
    summary: 'Everything held about the person, as JSON (GDPR access and portability)',
  })
  async export(@UuidParam('id') id: string) {
    const recorded = await this.ledger.readStream(professionalStream(id));
    if (recorded.length === 0)
      throw new NotFoundException('No professional with this id is registered.');
    const events = recorded.map((event) => ({
      position: event.position.toString(),
      revision: event.revision.toString(),
      recordedAt: event.metadata.recordedAt,
      type: event.type,
      actor: event.metadata.actor,
      reason: this.ledger.reasonOf(event) ?? null,
      data: this.ledger.toDomain(event).data,
    }));
    const registered = events.find((event) => event.type === 'ProfessionalRegistered');
    const registrationNumber = (registered?.data as { registrationNumber?: string } | undefined)
      ?.registrationNumber;
    return {
      professionalId: id,
      exportedAt: new Date().toISOString(),
      personalDataErased: this.keys.isErased(id),
      register: registrationNumber
        ? this.register.list({
            asOf: '9999-12-31',
            q: registrationNumber,
            searchNames: false,
            limit: 1,
          }).entries
        : [],
      events,
    };
  }
}
