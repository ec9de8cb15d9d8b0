import type Database from 'better-sqlite3';
import { createLastPositionsTable, lastPositions } from '../runner/last-positions';
import type { HandlerMode, Projection, ProjectedEvent } from '../runner/projection';
import { openItems } from './open-items';

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
    `);
    createLastPositionsTable(db, `queue_positions${suffix}`);
  },

  createIndexes(db: Database.Database, suffix: string): void {
    db.exec(
      `CREATE INDEX IF NOT EXISTS queue_items_oldest${suffix} ON queue_items${suffix} (queue, since_position)`,
    );
    createByProfessionalIndex(db, suffix);
  },

  createRebuildIndexes: createByProfessionalIndex,

  bind(db: Database.Database, suffix: string, mode: HandlerMode = 'live') {
    const positions = lastPositions(db, `queue_positions${suffix}`, mode);
    const items = openItems(db, `queue_items${suffix}`, mode);
    const add = (
      recorded: ProjectedEvent['recorded'],
      professionalId: string,
      queue: QueueName,
      itemId: string,
      summary: object,
      dueOn: string | null = null,
    ) =>
      items.add({
        queue,
        itemId,
        professionalId,
        sincePosition: recorded.position,
        sinceAt: String(recorded.metadata.recordedAt),
        dueOn,
        summary: JSON.stringify(summary),
      });

    const apply = ({ recorded, event }: ProjectedEvent) => {
      if (!recorded.streamId.startsWith('professional-')) return;
      const professionalId = (event.data as { professionalId?: string }).professionalId;
      // Idempotent: an event at or before the last one applied to this professional is ignored.
      if (!professionalId || !positions.firstTime(professionalId, recorded.position)) return;
      switch (event.type) {
        case 'ProfessionalRegistered':
          add(recorded, professionalId, 'admissions', professionalId, {
            registrationNumber: event.data.registrationNumber,
          });
          break;
        case 'AdmissionGranted':
        case 'AdmissionRefused':
          items.remove('admissions', professionalId);
          break;
        case 'ActivityLogged':
          add(recorded, professionalId, 'reviews', event.data.activityId, {
            category: event.data.category,
            hours: event.data.hours,
            completedOn: event.data.completedOn,
          });
          break;
        case 'ActivityApproved':
        case 'ActivityRejected':
        case 'ActivityWithdrawn':
          items.remove('reviews', event.data.activityId);
          break;
        case 'CertificationRequested':
          add(
            recorded,
            professionalId,
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
          items.remove('certification-requests', event.data.requestId);
          break;
        case 'ProfessionalWithdrew':
          items.removeAll(professionalId);
          break;
        case 'CertificateRevoked':
          // Reviews and requests of a revoked professional can no longer be decided.
          items.removeWork(professionalId);
          break;
        case 'ObjectionLodged':
          add(
            recorded,
            professionalId,
            'objections',
            event.data.objectionId,
            { decisionId: event.data.decisionId, lodgedOn: event.data.lodgedOn },
            event.data.dueBy,
          );
          break;
        case 'ObjectionDeadlineExtended':
          items.setDue('objections', event.data.objectionId, event.data.dueBy);
          break;
        case 'ObjectionDecided':
          items.remove('objections', event.data.objectionId);
          break;
        default:
          break;
      }
    };
    return Object.assign(apply, {
      flush() {
        positions.flush();
        items.flush();
      },
    });
  },
};

/** A withdrawal or a revocation removes the professional's items, also while rebuilding. */
function createByProfessionalIndex(db: Database.Database, suffix: string): void {
  db.exec(
    `CREATE INDEX IF NOT EXISTS queue_items_by_professional${suffix} ON queue_items${suffix} (professional_id)`,
  );
}

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
