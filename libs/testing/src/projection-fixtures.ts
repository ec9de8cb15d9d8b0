import type Database from 'better-sqlite3';
import type { ProfessionalEvent } from '@vakregister/certification';

/** Every row of a table, in an order that depends on the values alone. */
export function dumpTable(db: Database.Database, table: string): unknown[] {
  const columns = db.pragma(`table_info(${table})`) as Array<{ name: string }>;
  return db
    .prepare(`SELECT * FROM ${table} ORDER BY ${columns.map((c) => c.name).join(', ')}`)
    .all();
}

/** A builder's events (about `p-1`) about another professional. */
export function aboutProfessional(
  professionalId: string,
  events: readonly ProfessionalEvent[],
): ProfessionalEvent[] {
  return events.map(
    (event) => ({ ...event, data: { ...event.data, professionalId } }) as ProfessionalEvent,
  );
}
