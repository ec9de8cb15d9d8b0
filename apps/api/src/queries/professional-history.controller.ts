import { UuidParam } from '../http/uuid-param';
import { Controller, Get, NotFoundException, Query, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { amsterdamDate, professionalStream } from '@vakregister/certification';
import { DomainClock, Ledger } from '@vakregister/ledger';
import { describeEvent } from '@vakregister/projections';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { Access } from '../access/access.decorators';
import { STAFF } from '../access/roles';
import { buildDossier } from './dossier';
import { MinPositionQueryDto } from './min-position-query.dto';
import { MinPositionInterceptor } from './min-position.interceptor';
import { dateOfInstant, parseAsOf, parseKnownAt } from './time-travel';
import { LedgerInteger, parseLedgerInteger } from '../http/ledger-integer';

export class DossierQueryDto extends MinPositionQueryDto {
  @ApiPropertyOptional({ example: '2018-01-01' })
  @IsOptional()
  @IsString()
  asOf?: string;

  @ApiPropertyOptional({
    example: '2017-06-01T12:00:00Z',
    description: 'An instant or a ledger position',
  })
  @IsOptional()
  @IsString()
  knownAt?: string;
}

export class AuditTrailQueryDto extends MinPositionQueryDto {
  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @LedgerInteger('cursor is not a cursor of this API')
  cursor?: string;

  @ApiPropertyOptional({ example: 100, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

const Id = () => UuidParam('id');

@ApiTags('professionals')
@Controller('v1/professionals')
export class ProfessionalHistoryController {
  constructor(
    private readonly ledger: Ledger,
    private readonly clock: DomainClock,
  ) {}

  @Get(':id/dossier')
  @Access({ roles: STAFF, self: true })
  @UseInterceptors(MinPositionInterceptor)
  @ApiOperation({
    summary:
      'Plan, activities, points per category and competency for the cycle, and what is missing',
  })
  async dossier(@Id() id: string, @Query() query: DossierQueryDto) {
    const knownAt = parseKnownAt(query.knownAt);
    const asOf = parseAsOf(query.asOf) ?? dateOfInstant(knownAt) ?? amsterdamDate(this.clock.now());
    const dossier = await buildDossier(this.ledger, id, asOf, knownAt);
    if (!dossier) throw new NotFoundException('No professional with this id is registered.');
    return dossier;
  }

  @Get(':id/audit-trail')
  @Access({ roles: ['assessor', 'appeals', 'auditor'], self: true })
  @UseInterceptors(MinPositionInterceptor)
  @ApiOperation({ summary: 'Every event of the professional, oldest first, with who, when, why' })
  async auditTrail(@Id() id: string, @Query() query: AuditTrailQueryDto) {
    const limit = query.limit ?? 100;
    const recorded = await this.ledger.readStream(professionalStream(id), {
      fromRevision: parseLedgerInteger(query.cursor) ?? 'start',
      maxCount: limit + 1,
    });
    if (recorded.length === 0 && !query.cursor) {
      throw new NotFoundException('No professional with this id is registered.');
    }
    const page = recorded.slice(0, limit);
    return {
      events: page.map((event) => {
        const domain = this.ledger.toDomain(event);
        const { actor, correlationId, causationId, recordedAt } = event.metadata;
        return {
          eventId: event.id,
          position: event.position.toString(),
          revision: event.revision.toString(),
          recordedAt,
          type: event.type,
          actor,
          reason: this.ledger.reasonOf(event) ?? null,
          correlationId,
          causationId,
          data: domain.data,
          description: describeEvent(domain),
        };
      }),
      nextCursor: recorded.length > limit ? recorded[limit].revision.toString() : null,
    };
  }
}
