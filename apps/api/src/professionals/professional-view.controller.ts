import { UuidParam } from '../http/uuid-param';
import { Controller, Get, NotFoundException, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  onTimeRenewalPending,
  pendingRequest,
  type ProfessionalRegistered,
} from '@vakregister/certification';
import { Ledger } from '@vakregister/ledger';
import type { FastifyReply } from 'fastify';
import { Access } from '../access/access.decorators';
import { STAFF } from '../access/roles';

@ApiTags('professionals')
@Controller('v1/professionals')
export class ProfessionalViewController {
  constructor(private readonly ledger: Ledger) {}

  @Get(':id')
  @Access({ roles: STAFF, self: true })
  @ApiOperation({ summary: 'Current state of a professional, with its ETag (the stream revision)' })
  async get(@UuidParam('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const [{ state, revision }, events] = await Promise.all([
      this.ledger.loadProfessional(id),
      this.ledger.readProfessionalEvents(id),
    ]);
    if (!state.registered || revision === 'no_stream')
      throw new NotFoundException('No professional with this id is registered.');
    let name = '';
    let email = '';
    for (const recorded of events) {
      const event = this.ledger.toDomain(recorded);
      if (event.type === 'ProfessionalRegistered')
        ({ name, email } = (event as ProfessionalRegistered).data);
      if (event.type === 'ProfessionalDetailsCorrected') {
        name = event.data.changes.name ?? name;
        email = event.data.changes.email ?? email;
      }
    }
    void reply.header('ETag', `"${revision}"`);
    const pending = pendingRequest(state);
    return {
      professionalId: state.professionalId,
      registrationNumber: state.registrationNumber,
      name,
      email,
      status: state.status,
      renewalPending: onTimeRenewalPending(state),
      municipality: state.details.municipality,
      sector: state.details.sector,
      certificate: state.certificate ?? null,
      suspension: state.suspension ?? null,
      pendingRequest: pending ?? null,
      revision: revision.toString(),
    };
  }
}
