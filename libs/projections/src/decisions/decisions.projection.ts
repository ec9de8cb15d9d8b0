import type Database from 'better-sqlite3';
import type { Projection, ProjectedEvent } from '../runner/projection';

/** Event types that are decisions (their `decisionId` names them). */
const DECISION_TYPES = new Set([
  'AdmissionGranted',
  'AdmissionRefused',
  'CertificateGranted',
  'CertificationRefused',
  'CertificateSuspended',
  'CertificateRevoked',
  'RevocationReversed',
  'ObjectionDecided',
]);

/**
 * Where each decision and objection lives: ids arrive in URLs without the professional's id,
 * and one command touches one stream, so the API looks the stream up here. Also the objection
 * cases with their deadlines and outcome.
 */
export const decisionsProjection: Projection = {
  name: 'decisions',
  version: 1,
  eventTypes: new Set([
    ...DECISION_TYPES,
    'ObjectionLodged',
    'ObjectionDeadlineExtended',
    'ObjectionDecided',
  ]),
  tables: ['decision_index', 'objection_cases'],

  createTables(db: Database.Database, suffix: string): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS decision_index${suffix} (
        decision_id     TEXT PRIMARY KEY,
        professional_id TEXT NOT NULL,
        type            TEXT NOT NULL,
        position        INTEGER NOT NULL,
        decided_on      TEXT
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS objection_cases${suffix} (
        objection_id    TEXT PRIMARY KEY,
        professional_id TEXT NOT NULL,
        decision_id     TEXT NOT NULL,
        lodged_on       TEXT NOT NULL,
        due_by          TEXT NOT NULL,
        advisory        INTEGER NOT NULL,
        extended        INTEGER NOT NULL DEFAULT 0,
        status          TEXT NOT NULL,
        decided_on      TEXT,
        position        INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },

  createIndexes(db: Database.Database, suffix: string): void {
    db.exec(`
      CREATE INDEX IF NOT EXISTS objection_cases_open${suffix} ON objection_cases${suffix} (status, due_by);
      CREATE INDEX IF NOT EXISTS objection_cases_by_professional${suffix} ON objection_cases${suffix} (professional_id);
    `);
  },

  bind(db: Database.Database, suffix: string) {
    const statements = {
      decision: db.prepare(
        `INSERT OR IGNORE INTO decision_index${suffix} (decision_id, professional_id, type, position, decided_on)
         VALUES (?, ?, ?, ?, ?)`,
      ),
      lodged: db.prepare(
        `INSERT OR IGNORE INTO objection_cases${suffix}
         (objection_id, professional_id, decision_id, lodged_on, due_by, advisory, status, position)
         VALUES (?, ?, ?, ?, ?, ?, 'open', ?)`,
      ),
      extended: db.prepare(
        `UPDATE objection_cases${suffix} SET due_by = ?, extended = 1 WHERE objection_id = ?`,
      ),
      decided: db.prepare(
        `UPDATE objection_cases${suffix} SET status = ?, decided_on = ? WHERE objection_id = ?`,
      ),
    };
    return ({ recorded, event }: ProjectedEvent) => {
      const data = event.data as {
        professionalId?: string;
        decisionId?: string;
        decidedOn?: string;
      };
      if (!data.professionalId) return;
      if (DECISION_TYPES.has(event.type) && data.decisionId) {
        statements.decision.run(
          data.decisionId,
          data.professionalId,
          event.type,
          recorded.position,
          data.decidedOn ?? null,
        );
      }
      switch (event.type) {
        case 'ObjectionLodged':
          statements.lodged.run(
            event.data.objectionId,
            event.data.professionalId,
            event.data.decisionId,
            event.data.lodgedOn,
            event.data.dueBy,
            event.data.advisoryCommittee ? 1 : 0,
            recorded.position,
          );
          break;
        case 'ObjectionDeadlineExtended':
          statements.extended.run(event.data.dueBy, event.data.objectionId);
          break;
        case 'ObjectionDecided':
          statements.decided.run(event.data.outcome, event.data.decidedOn, event.data.objectionId);
          break;
        default:
          break;
      }
    };
  },
};

export interface DecisionLocation {
  decisionId: string;
  professionalId: string;
  type: string;
  position: bigint;
}

export interface ObjectionCase {
  objectionId: string;
  professionalId: string;
  decisionId: string;
  lodgedOn: string;
  dueBy: string;
  advisoryCommittee: boolean;
  extended: boolean;
  status: 'open' | 'upheld' | 'rejected';
  decidedOn: string | null;
}

interface ObjectionRow {
  objection_id: string;
  professional_id: string;
  decision_id: string;
  lodged_on: string;
  due_by: string;
  advisory: number;
  extended: number;
  status: ObjectionCase['status'];
  decided_on: string | null;
}

const toCase = (row: ObjectionRow): ObjectionCase => ({
  objectionId: row.objection_id,
  professionalId: row.professional_id,
  decisionId: row.decision_id,
  lodgedOn: row.lodged_on,
  dueBy: row.due_by,
  advisoryCommittee: row.advisory === 1,
  extended: row.extended === 1,
  status: row.status,
  decidedOn: row.decided_on,
});

/** Lookups on the decision index and the objection cases. */
export class DecisionQueries {
  constructor(private readonly db: Database.Database) {}

  decision(decisionId: string): DecisionLocation | undefined {
    const row = this.db
      .prepare(
        'SELECT decision_id, professional_id, type, position FROM decision_index WHERE decision_id = ?',
      )
      .safeIntegers(true)
      .get(decisionId) as
      { decision_id: string; professional_id: string; type: string; position: bigint } | undefined;
    return (
      row && {
        decisionId: row.decision_id,
        professionalId: row.professional_id,
        type: row.type,
        position: row.position,
      }
    );
  }

  objection(objectionId: string): ObjectionCase | undefined {
    const row = this.db
      .prepare('SELECT * FROM objection_cases WHERE objection_id = ?')
      .get(objectionId) as ObjectionRow | undefined;
    return row && toCase(row);
  }

  /** Objection cases, oldest first; `overdueOn` keeps the open ones due before that date. */
  objections(options: {
    professionalId?: string;
    overdueOn?: string;
    limit: number;
  }): ObjectionCase[] {
    const filters = [
      ...(options.professionalId ? ['professional_id = @professionalId'] : []),
      ...(options.overdueOn ? ["status = 'open' AND due_by < @overdueOn"] : []),
    ];
    const rows = this.db
      .prepare(
        `SELECT * FROM objection_cases ${filters.length ? `WHERE ${filters.join(' AND ')}` : ''}
         ORDER BY position LIMIT @limit`,
      )
      .all({ ...options }) as ObjectionRow[];
    return rows.map(toCase);
  }

  overdueCount(today: string): number {
    return this.db
      .prepare("SELECT count(*) FROM objection_cases WHERE status = 'open' AND due_by < ?")
      .pluck()
      .get(today) as number;
  }
}
