import { Controller, Get, NotFoundException, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
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
@Public()
@Controller('v1/public/register')
export class PublicRegisterController {
  constructor(
    private readonly queries: RegisterQueries,
    private readonly clock: DomainClock,
  ) {}

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

  @Get()
  // The security clock (real time) counts these requests, never the simulated domain clock.
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 30, ttl: 60_000 } })
  @ApiOperation({ summary: 'Certified entries whose name contains the text (rate-limited)' })
  search(@Query() query: PublicNameQueryDto) {
    const entries = this.queries.certifiedByName(query.name, amsterdamDate(this.clock.now()), 50);
    return { entries: entries.map(publicView) };
  }
}
