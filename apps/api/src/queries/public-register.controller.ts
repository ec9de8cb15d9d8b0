import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { amsterdamDate } from '@vakregister/certification';
import { DomainClock } from '@vakregister/ledger';
import { RegisterQueries, type RegisterEntry } from '@vakregister/projections';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { Public } from '../access/access.decorators';

export class PublicNameQueryDto {
  @ApiProperty({ example: 'Amrani', minLength: 2 })
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  name!: string;
}

/** What anyone may see: name and validity only while certified. */
function publicView(entry: RegisterEntry) {
  return entry.status === 'certified' && entry.certificate
    ? {
        registrationNumber: entry.registrationNumber,
        status: 'certified' as const,
        name: entry.name,
        validUntil: entry.certificate.validUntil,
      }
    : { registrationNumber: entry.registrationNumber, status: 'not-certified' as const };
}

@ApiTags('public')
@Controller('v1/public/register')
export class PublicRegisterController {
  constructor(
    private readonly queries: RegisterQueries,
    private readonly clock: DomainClock,
  ) {}

  @Public()
  @Get(':registrationNumber')
  @ApiOperation({ summary: 'Is this registration number certified, and until when?' })
  lookup(@Param('registrationNumber') registrationNumber: string) {
    const entry = this.queries.byRegistrationNumber(
      registrationNumber,
      amsterdamDate(this.clock.now()),
    );
    if (!entry)
      throw new NotFoundException(
        `No registration number ${registrationNumber} is in the register.`,
      );
    return publicView(entry);
  }

  @Public()
  @Get()
  // Rate-limited per client address like every public route (VAKREGISTER_RATE_LIMIT_PUBLIC).
  @ApiOperation({ summary: 'Certified entries whose name contains the text (rate-limited)' })
  search(@Query() query: PublicNameQueryDto) {
    const entries = this.queries.certifiedByName(query.name, amsterdamDate(this.clock.now()), 50);
    return { entries: entries.map(publicView) };
  }
}
