import { Body, Controller, Get, NotFoundException, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Scheme } from '@vakregister/certification';
import { Ledger } from '@vakregister/ledger';
import { Access } from '../access/access.decorators';
import { STAFF } from '../access/roles';
import type { CommandEnvelope } from '../commands/command-envelope';
import { Envelope } from '../commands/envelope.decorator';
import { PublishSchemeCommand } from '../commands/publish-scheme';
import { PublishSchemeDto } from './publish-scheme.dto';

const READERS = [...STAFF, 'analyst', 'professional'] as const;

/** Copies the validated DTO into a plain scheme, dropping absent optional numbers. */
function toScheme(body: PublishSchemeDto): Scheme {
  return {
    ...body,
    categories: body.categories.map(({ id, min, max }) => ({
      id,
      ...(min !== undefined ? { min } : {}),
      ...(max !== undefined ? { max } : {}),
    })),
    competencies: body.competencies.map(({ id, name }) => ({ id, name })),
    admission: { ...body.admission },
  };
}

@ApiTags('schemes')
@Controller('v1/schemes')
export class SchemesController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly ledger: Ledger,
  ) {}

  @Post()
  @Access({ roles: ['registrar'] })
  @ApiOperation({ summary: 'Publish a scheme version, in force from its effective date' })
  publish(@Body() body: PublishSchemeDto, @Envelope() envelope: CommandEnvelope) {
    return this.commandBus.execute(new PublishSchemeCommand(toScheme(body), envelope));
  }

  @Get()
  @Access({ roles: READERS })
  @ApiOperation({ summary: 'Every published scheme version, oldest first' })
  async list() {
    return { schemes: (await this.ledger.loadSchemes()).state };
  }

  @Get(':schemeId')
  @Access({ roles: READERS })
  @ApiOperation({ summary: 'One scheme version and its rules' })
  async get(@Param('schemeId') schemeId: string) {
    const scheme = (await this.ledger.loadSchemes()).state.find(
      (candidate) => candidate.schemeId === schemeId,
    );
    if (!scheme) throw new NotFoundException(`No scheme ${schemeId} has been published.`);
    return scheme;
  }
}
