import type Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { amsterdamDate, professionalStream, type LocalDate } from '@vakregister/certification';
import type { Ledger } from '@vakregister/ledger';
import {
  RegisterQueries,
  describeEvent,
  type KnownAt,
  type RegisterQuery,
} from '@vakregister/projections';
import { MUNICIPALITIES, Prng, REGISTER_PROFILE } from '@vakregister/pilot';
import { summarizeLatencies, type LatencySummary } from '../support/timing';

export interface LatencyRun {
  latency: LatencySummary;
  /** The slowest samples, to say what makes the tail. */
  slowest: Array<{ ms: number; what: string }>;
  /** Rows (entries or events) returned per call, on average: a check that the calls did work. */
  meanRows: number;
}

export interface QueryMix {
  asOfOnly: number;
  knownAtOnly: number;
  both: number;
  municipality: number;
}

export interface RegisterQueryPlan {
  queries: RegisterQuery[];
  mix: QueryMix;
}

const DAY_MS = 86_400_000;

/**
 * Register queries as the register controller sends them: a random valid date, a random
 * record time (a ledger position or an instant), or both; limit 50; a quarter of them for one
 * municipality, drawn uniformly so that small ones (selective filters) come up as often as
 * large ones. Without `asOf` the controller takes the date `knownAt` falls on; that lookup is
 * done here beforehand so that only `list()` is timed.
 */
export function planRegisterQueries(
  logDb: Database.Database,
  count: number,
  seed: number,
  lastPosition: number,
): RegisterQueryPlan {
  const prng = new Prng(seed);
  const recordedAtOf = logDb
    .prepare("SELECT json_extract(metadata, '$.recordedAt') FROM events WHERE position = ?")
    .pluck();
  const firstMs = Date.parse(recordedAtOf.get(0) as string);
  const lastMs = Date.parse(recordedAtOf.get(lastPosition) as string);
  const firstDayMs = Date.parse(REGISTER_PROFILE.firstDay);
  const days = Math.round((Date.parse(REGISTER_PROFILE.lastDay) - firstDayMs) / DAY_MS) + 1;
  const municipalities = MUNICIPALITIES.all();
  const mix: QueryMix = { asOfOnly: 0, knownAtOnly: 0, both: 0, municipality: 0 };
  const queries = Array.from({ length: count }, (): RegisterQuery => {
    const kind = prng.pick(['asOf', 'knownAt', 'both'] as const);
    const randomDate = () =>
      new Date(firstDayMs + prng.int(0, days - 1) * DAY_MS).toISOString().slice(0, 10);
    let knownAt: KnownAt | undefined;
    let knownOn: LocalDate | undefined;
    if (kind !== 'asOf') {
      if (prng.chance(0.5)) {
        const position = prng.int(0, lastPosition);
        knownAt = { position: BigInt(position) };
        knownOn = amsterdamDate(recordedAtOf.get(position) as string);
      } else {
        const instant = new Date(firstMs + Math.floor(prng.next() * (lastMs - firstMs)));
        knownAt = { instant: instant.toISOString() };
        knownOn = amsterdamDate(instant);
      }
    }
    const municipality = prng.chance(0.25) ? prng.pick(municipalities) : undefined;
    if (kind === 'asOf') mix.asOfOnly++;
    else if (kind === 'knownAt') mix.knownAtOnly++;
    else mix.both++;
    if (municipality) mix.municipality++;
    return {
      asOf: kind === 'knownAt' ? (knownOn as LocalDate) : randomDate(),
      ...(knownAt ? { knownAt } : {}),
      ...(municipality ? { municipality } : {}),
      searchNames: true,
      limit: 50,
    };
  });
  return { queries, mix };
}

export function describeQuery(query: RegisterQuery): string {
  const knownAt = query.knownAt
    ? 'position' in query.knownAt
      ? ` knownAt=#${query.knownAt.position}`
      : ` knownAt=${query.knownAt.instant}`
    : '';
  return `asOf=${query.asOf}${knownAt}${query.municipality ? ` ${query.municipality}` : ''}`;
}

/** Each query timed alone, as one request would run it. */
export function timeRegisterQueries(
  readModels: Database.Database,
  queries: readonly RegisterQuery[],
): LatencyRun {
  const register = new RegisterQueries(readModels);
  const samples: Array<{ ms: number; what: string }> = [];
  let rows = 0;
  for (const query of queries) {
    const before = performance.now();
    const page = register.list(query);
    const ms = performance.now() - before;
    rows += page.entries.length;
    samples.push({ ms, what: `${describeQuery(query)} → ${page.entries.length} entries` });
  }
  return summarize(samples, rows);
}

export interface AuditTrailPage {
  streamId: string;
  /** Revision to start from; 0 is the first page (no cursor). */
  cursor: number;
}

/** Random professionals, each at a random revision of their stream. */
export function planAuditTrailPages(
  logDb: Database.Database,
  count: number,
  seed: number,
): AuditTrailPage[] {
  const prng = new Prng(seed);
  const streams = logDb
    .prepare('SELECT stream_id, last_revision FROM streams WHERE stream_id LIKE ?')
    .raw(true)
    .all(`${professionalStream('')}%`) as Array<[string, number]>;
  return Array.from({ length: count }, () => {
    const [streamId, lastRevision] = prng.pick(streams);
    return { streamId, cursor: prng.int(0, lastRevision) };
  });
}

/**
 * What `GET /v1/professionals/{id}/audit-trail` does for a page (ProfessionalHistoryController):
 * read `limit + 1` events from the cursor, decode each with `toDomain`, describe it, and shape
 * the page. Only the HTTP layer (validation, JSON serialisation) is left out.
 */
export async function readAuditTrailPage(ledger: Ledger, page: AuditTrailPage, limit: number) {
  const recorded = await ledger.readStream(page.streamId, {
    fromRevision: page.cursor > 0 ? BigInt(page.cursor) : 'start',
    maxCount: limit + 1,
  });
  const events = recorded.slice(0, limit).map((event) => {
    const domain = ledger.toDomain(event);
    const { actor, reason, correlationId, causationId, recordedAt } = event.metadata;
    return {
      position: event.position.toString(),
      revision: event.revision.toString(),
      recordedAt,
      type: event.type,
      actor,
      reason: reason ?? null,
      correlationId,
      causationId,
      data: domain.data,
      description: describeEvent(domain),
    };
  });
  return {
    events,
    nextCursor: recorded.length > limit ? recorded[limit].revision.toString() : null,
  };
}

export async function timeAuditTrailPages(
  ledger: Ledger,
  pages: readonly AuditTrailPage[],
  limit: number,
): Promise<LatencyRun> {
  const samples: Array<{ ms: number; what: string }> = [];
  let rows = 0;
  for (const page of pages) {
    const before = performance.now();
    const result = await readAuditTrailPage(ledger, page, limit);
    const ms = performance.now() - before;
    rows += result.events.length;
    samples.push({
      ms,
      what: `${page.streamId.slice(0, 21)}… from revision ${page.cursor}: ${result.events.length} events`,
    });
  }
  return summarize(samples, rows);
}

function summarize(samples: Array<{ ms: number; what: string }>, rows: number): LatencyRun {
  return {
    latency: summarizeLatencies(samples.map((sample) => sample.ms)),
    slowest: [...samples].sort((a, b) => b.ms - a.ms).slice(0, 3),
    meanRows: rows / samples.length,
  };
}
