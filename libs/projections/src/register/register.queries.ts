import type Database from 'better-sqlite3';
import type { LocalDate } from '@vakregister/certification';
import type { RegisterRow } from './register.projection';

/** Record time: what the ledger knew up to a position or an instant (inclusive); absent = now. */
export type KnownAt = { position: bigint } | { instant: string };

export interface RegisterQuery {
  /** Valid time: the date the entries describe. */
  asOf: LocalDate;
  knownAt?: KnownAt;
  municipality?: string;
  sector?: string;
  status?: string;
  /** A registration number, or (with `searchNames`) part of a name. */
  q?: string;
  searchNames: boolean;
  /** The last registration number of the previous page. */
  after?: string;
  limit: number;
}

export interface RegisterEntry {
  professionalId: string;
  registrationNumber: string;
  name: string;
  email: string;
  municipality: string;
  sector: string;
  status: string;
  renewalPending: boolean;
  certificate: { certificateId: string; validFrom: string; validUntil: string } | null;
  /** The valid-time stretch this entry holds for. */
  validFrom: string;
  validTo: string | null;
  /** The ledger position from which the register showed this entry. */
  recordedFrom: string;
}

function toEntry(row: RegisterRow): RegisterEntry {
  return {
    professionalId: row.professional_id,
    registrationNumber: row.registration_number,
    name: row.name,
    email: row.email,
    municipality: row.municipality,
    sector: row.sector,
    status: row.status,
    renewalPending: row.renewal_pending === 1,
    certificate:
      row.certificate_id && row.certificate_valid_from && row.certificate_valid_until
        ? {
            certificateId: row.certificate_id,
            validFrom: row.certificate_valid_from,
            validUntil: row.certificate_valid_until,
          }
        : null,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    recordedFrom: String(row.recorded_from),
  };
}

const VALID_ON = 'valid_from <= @asOf AND (valid_to IS NULL OR @asOf < valid_to)';

function recordTimeClause(knownAt: KnownAt | undefined): string {
  if (!knownAt) return 'recorded_to IS NULL';
  return 'position' in knownAt
    ? 'recorded_from <= @knownPosition AND (recorded_to IS NULL OR recorded_to > @knownPosition)'
    : 'recorded_from_at <= @knownInstant AND (recorded_to_at IS NULL OR recorded_to_at > @knownInstant)';
}

/** Reads the bitemporal register: one index lookup per page, never a replay. */
export class RegisterQueries {
  constructor(private readonly db: Database.Database) {}

  list(query: RegisterQuery): { entries: RegisterEntry[]; nextAfter?: string } {
    const filters = [
      VALID_ON,
      recordTimeClause(query.knownAt),
      ...(query.municipality ? ['municipality = @municipality'] : []),
      ...(query.sector ? ['sector = @sector'] : []),
      ...(query.status ? ['status = @status'] : []),
      ...(query.after ? ['registration_number > @after'] : []),
      ...(query.q
        ? [
            query.searchNames
              ? "(registration_number = @q OR name LIKE @qLike ESCAPE '\\')"
              : 'registration_number = @q',
          ]
        : []),
    ];
    const rows = this.db
      .prepare(
        `SELECT * FROM register_rows WHERE ${filters.join(' AND ')} ORDER BY registration_number LIMIT @take`,
      )
      .all({
        asOf: query.asOf,
        take: query.limit + 1,
        ...(query.knownAt && 'position' in query.knownAt
          ? { knownPosition: query.knownAt.position }
          : {}),
        ...(query.knownAt && 'instant' in query.knownAt
          ? { knownInstant: query.knownAt.instant }
          : {}),
        ...(query.municipality ? { municipality: query.municipality } : {}),
        ...(query.sector ? { sector: query.sector } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.after ? { after: query.after } : {}),
        ...(query.q
          ? { q: query.q, qLike: `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` }
          : {}),
      }) as RegisterRow[];
    const page = rows.slice(0, query.limit).map(toEntry);
    return rows.length > query.limit
      ? { entries: page, nextAfter: page[page.length - 1].registrationNumber }
      : { entries: page };
  }

  /** The current entry of a registration number on a date, as the ledger knows it now. */
  byRegistrationNumber(registrationNumber: string, asOf: LocalDate): RegisterEntry | undefined {
    const row = this.db
      .prepare(
        `SELECT * FROM register_rows WHERE registration_number = @number AND recorded_to IS NULL AND ${VALID_ON}`,
      )
      .get({ number: registrationNumber, asOf }) as RegisterRow | undefined;
    return row && toEntry(row);
  }

  /** Certified entries whose name contains the text, now. */
  certifiedByName(name: string, asOf: LocalDate, limit: number): RegisterEntry[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM register_rows WHERE recorded_to IS NULL AND ${VALID_ON}
         AND status = 'certified' AND name LIKE @like ESCAPE '\\' ORDER BY registration_number LIMIT @limit`,
      )
      .all({ asOf, like: `%${name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, limit }) as RegisterRow[];
    return rows.map(toEntry);
  }
}
