import { Controller, Get, Inject, Query, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { amsterdamDate } from '@vakregister/certification';
import { EVENT_STORE, type EventStore } from '@vakregister/event-store';
import { DomainClock } from '@vakregister/ledger';
import { RegisterQueries, type KnownAt, type RegisterEntry } from '@vakregister/projections';
import { Access } from '../access/access.decorators';
import { Actor, type RequestActor } from '../access/request-actor';
import { STAFF } from '../access/roles';
import { MinPositionInterceptor } from './min-position.interceptor';
import { RegisterQueryDto } from './register-query.dto';
import { dateOfInstant, parseAsOf, parseKnownAt } from './time-travel';

const encodeCursor = (registrationNumber: string) =>
  Buffer.from(registrationNumber).toString('base64url');
const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');

/** Analysts see the register without names and e-mail addresses. */
function withoutPersonalData(entry: RegisterEntry): Omit<RegisterEntry, 'name' | 'email'> {
  const { name: _name, email: _email, ...rest } = entry;
  return rest;
}

@ApiTags('register')
@Controller('v1/register')
export class RegisterController {
  constructor(
    private readonly queries: RegisterQueries,
    private readonly clock: DomainClock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @Access({ roles: [...STAFF, 'analyst'] })
  @UseInterceptors(MinPositionInterceptor)
  @ApiOperation({
    summary: 'Register entries, bitemporal: asOf (valid time) and knownAt (record time)',
  })
  async list(@Query() query: RegisterQueryDto, @Actor() actor: RequestActor) {
    const knownAt = parseKnownAt(query.knownAt);
    const asOf =
      parseAsOf(query.asOf) ??
      dateOfInstant(knownAt) ??
      (await this.dateOfPosition(knownAt)) ??
      amsterdamDate(this.clock.now());
    const analyst = actor.role === 'analyst';
    const limit = query.limit ?? 50;
    const page = this.queries.list({
      asOf,
      ...(knownAt ? { knownAt } : {}),
      ...(query.municipality ? { municipality: query.municipality } : {}),
      ...(query.sector ? { sector: query.sector } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.q ? { q: query.q } : {}),
      searchNames: !analyst,
      ...(query.cursor ? { after: decodeCursor(query.cursor) } : {}),
      limit,
    });
    return {
      asOf,
      knownAt: query.knownAt ?? null,
      entries: analyst ? page.entries.map(withoutPersonalData) : page.entries,
      nextCursor: page.nextAfter ? encodeCursor(page.nextAfter) : null,
    };
  }

  /** `knownAt` as a position without `asOf`: the date that position was recorded on. */
  private async dateOfPosition(knownAt: KnownAt | undefined): Promise<string | undefined> {
    if (!knownAt || !('position' in knownAt)) return undefined;
    for await (const event of this.store.readAll({
      direction: 'backwards',
      fromPosition: knownAt.position,
      maxCount: 1,
    })) {
      return amsterdamDate(String(event.metadata.recordedAt));
    }
    return undefined;
  }
}
