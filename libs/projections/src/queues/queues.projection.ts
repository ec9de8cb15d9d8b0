import type Database from 'better-sqlite3';
import type { Projection, ProjectedEvent } from '../runner/projection';

export const QUEUES = ['admissions', 'reviews', 'certification-requests', 'objections'] as const;
export type QueueName = (typeof QUEUES)[number];

/**
 * Open work per queue, oldest first: applicants awaiting admission, activities awaiting review,
 * certification requests awaiting a decision (objections arrive with the appeals work).
 */
export const queuesProjection: Projection = {
  name: 'queues',
  version: 3,
  tables: ['queue_items', 'queue_positions'],

  createTables(db: Database.Database, suffix: string): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS queue_items${suffix} (
        queue           TEXT NOT NULL,
        item_id         TEXT NOT NULL,
        professional_id TEXT NOT NULL,
        since_position  INTEGER NOT NULL,
        since_at        TEXT NOT NULL,
        due_on          TEXT,
        summary         TEXT NOT NULL,
        PRIMARY KEY (queue, item_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS queue_positions${suffix} (
        professional_id TEXT PRIMARY KEY,
        last_position   INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },

  createIndexes(db: Database.Database, suffix: string): void {
    db.exec(`
      CREATE INDEX IF NOT EXISTS queue_items_oldest${suffix} ON queue_items${suffix} (queue, since_position);
      CREATE INDEX IF NOT EXISTS queue_items_by_professional${suffix} ON queue_items${suffix} (professional_id);
    `);
  },

  bind(db: Database.Database, suffix: string) {
    const items = `queue_items${suffix}`;
    const positions = `queue_positions${suffix}`;
    const statements = {
      last: db
        .prepare(`SELECT last_position FROM ${positions} WHERE professional_id = ?`)
        .safeIntegers(true)
        .pluck(),
      setLast: db.prepare(
        `INSERT INTO ${positions} (professional_id, last_position) VALUES (?, ?)
         ON CONFLICT (professional_id) DO UPDATE SET last_position = excluded.last_position`,
      ),
      add: db.prepare(
        `INSERT OR IGNORE INTO ${items} (queue, item_id, professional_id, since_position, since_at, due_on, summary)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      remove: db.prepare(`DELETE FROM ${items} WHERE queue = ? AND item_id = ?`),
      due: db.prepare(`UPDATE ${items} SET due_on = ? WHERE queue = ? AND item_id = ?`),
      removeAll: db.prepare(`DELETE FROM ${items} WHERE professional_id = ?`),
      removeWork: db.prepare(
        `DELETE FROM ${items} WHERE professional_id = ? AND queue IN ('reviews', 'certification-requests')`,
      ),
    };

    return ({ recorded, event }: ProjectedEvent) => {
      if (!recorded.streamId.startsWith('professional-')) return;
      const professionalId = (event.data as { professionalId?: string }).professionalId;
      if (!professionalId) return;
      const last = statements.last.get(professionalId) as bigint | undefined;
      // Idempotent: an event at or before the last one applied to this professional is ignored.
      if (last !== undefined && recorded.position <= last) return;
      statements.setLast.run(professionalId, recorded.position);
      const since = String(recorded.metadata.recordedAt);
      const add = (
        queue: QueueName,
        itemId: string,
        summary: object,
        dueOn: string | null = null,
      ) =>
        statements.add.run(
          queue,
          itemId,
          professionalId,
          recorded.position,
          since,
          dueOn,
          JSON.stringify(summary),
        );
      switch (event.type) {
        case 'ProfessionalRegistered':
          add('admissions', professionalId, { registrationNumber: event.data.registrationNumber });
          break;
        case 'AdmissionGranted':
        case 'AdmissionRefused':
          statements.remove.run('admissions', professionalId);
          break;
        case 'ActivityLogged':
          add('reviews', event.data.activityId, {
            category: event.data.category,
            hours: event.data.hours,
            completedOn: event.data.completedOn,
          });
          break;
        case 'ActivityApproved':
        case 'ActivityRejected':
        case 'ActivityWithdrawn':
          statements.remove.run('reviews', event.data.activityId);
          break;
        case 'CertificationRequested':
          add(
            'certification-requests',
            event.data.requestId,
            { kind: event.data.kind, requestedOn: event.data.requestedOn },
            // A renewal should be decided before the certificate it continues ends.
            event.data.kind === 'renewal' ? event.data.cycle.until : null,
          );
          break;
        case 'CertificateGranted':
        case 'CertificationRefused':
        case 'CertificationRequestWithdrawn':
          statements.remove.run('certification-requests', event.data.requestId);
          break;
        case 'ProfessionalWithdrew':
          statements.removeAll.run(professionalId);
          break;
        case 'CertificateRevoked':
          // Reviews and requests of a revoked professional can no longer be decided.
          statements.removeWork.run(professionalId);
          break;
        case 'ObjectionLodged':
          add(
            'objections',
            event.data.objectionId,
            { decisionId: event.data.decisionId, lodgedOn: event.data.lodgedOn },
            event.data.dueBy,
          );
          break;
        case 'ObjectionDeadlineExtended':
          statements.due.run(event.data.dueBy, 'objections', event.data.objectionId);
          break;
        case 'ObjectionDecided':
          statements.remove.run('objections', event.data.objectionId);
          break;
        default:
          break;
      }
    };
  },
};

export interface QueueItem {
  itemId: string;
  professionalId: string;
  since: string;
  sincePosition: string;
  dueOn: string | null;
  summary: Record<string, unknown>;
}

/** Open work of one queue, oldest first. */
export function readQueue(
  db: Database.Database,
  queue: QueueName,
  limit: number,
  afterPosition?: bigint,
): QueueItem[] {
  const rows = db
    .prepare(
      `SELECT item_id, professional_id, since_at, since_position, due_on, summary FROM queue_items
       WHERE queue = ? AND since_position > ? ORDER BY since_position, item_id LIMIT ?`,
    )
    .all(queue, afterPosition ?? -1n, limit) as Array<{
    item_id: string;
    professional_id: string;
    since_at: string;
    since_position: number | bigint;
    due_on: string | null;
    summary: string;
  }>;
  return rows.map((row) => ({
    itemId: row.item_id,
    professionalId: row.professional_id,
    since: row.since_at,
    sincePosition: String(row.since_position),
    dueOn: row.due_on,
    summary: JSON.parse(row.summary) as Record<string, unknown>,
  }));
}
