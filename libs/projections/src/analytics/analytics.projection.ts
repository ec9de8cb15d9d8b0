import type Database from 'better-sqlite3';
import type { CertificationEvent } from '@vakregister/certification';
import { createLastPositionsTable, lastPositions } from '../runner/last-positions';
import { rowInserter } from '../runner/row-inserter';
import type { HandlerMode, Projection, ProjectedEvent } from '../runner/projection';

/**
 * The kinds of dated fact the pilot analytics keep. Each fact carries the date of its own
 * event in valid time (`on_date`), so that `asOf` is a filter at query time rather than a
 * snapshot per date (see analytics.queries.ts for the figures they make).
 */
export type AnalyticsFactKind =
  | 'admitted'
  | 'admission-refused'
  | 'certification-requested'
  | 'certificate-granted'
  | 'certification-refused'
  | 'certificate-expired'
  | 'certificate-revoked'
  | 'revocation-reversed'
  | 'withdrawn'
  | 'activity'
  | 'activity-review'
  | 'objection-lodged'
  | 'objection-decided';

/**
 * Pilot analytics per municipality and sector: no names, only the professional's id (to group
 * and to keep handlers idempotent), where and in which sector they work, and dated facts.
 */
export const analyticsProjection: Projection = {
  name: 'analytics',
  version: 2,
  tables: ['analytics_professionals', 'analytics_facts', 'analytics_positions'],

  createTables(db: Database.Database, suffix: string): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS analytics_professionals${suffix} (
        professional_id TEXT PRIMARY KEY,
        municipality    TEXT NOT NULL,
        sector          TEXT NOT NULL,
        registered_on   TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS analytics_facts${suffix} (
        position        INTEGER PRIMARY KEY,
        kind            TEXT NOT NULL,
        fact_id         TEXT NOT NULL,
        professional_id TEXT NOT NULL,
        on_date         TEXT,
        detail          TEXT NOT NULL
      ) STRICT;
    `);
    createLastPositionsTable(db, `analytics_positions${suffix}`);
  },

  createIndexes(db: Database.Database, suffix: string): void {
    const facts = `analytics_facts${suffix}`;
    // Reviews are keyed by their position, unique already as the primary key.
    const createKey = () =>
      db.exec(
        `CREATE UNIQUE INDEX IF NOT EXISTS analytics_facts_key${suffix} ON ${facts} (kind, fact_id)
         WHERE kind <> 'activity-review'`,
      );
    try {
      createKey();
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      // A rebuild fills the facts without their key (one insert at a random place of a large
      // index per fact): a key recorded twice is kept once, the first, as INSERT OR IGNORE
      // keeps it once the key exists.
      db.exec(
        `DELETE FROM ${facts} WHERE position NOT IN (SELECT min(position) FROM ${facts} GROUP BY kind, fact_id)`,
      );
      createKey();
    }
  },

  // The handler looks rows up by primary key only.
  createRebuildIndexes: () => undefined,

  bind(db: Database.Database, suffix: string, mode: HandlerMode = 'live') {
    const positions = lastPositions(db, `analytics_positions${suffix}`, mode);
    const statements = {
      registered: db.prepare(
        `INSERT OR IGNORE INTO analytics_professionals${suffix}
         (professional_id, municipality, sector, registered_on) VALUES (?, ?, ?, ?)`,
      ),
      municipality: db.prepare(
        `UPDATE analytics_professionals${suffix} SET municipality = ? WHERE professional_id = ?`,
      ),
      sector: db.prepare(
        `UPDATE analytics_professionals${suffix} SET sector = ? WHERE professional_id = ?`,
      ),
    };
    const facts = rowInserter(
      db,
      `analytics_facts${suffix}`,
      ['position', 'kind', 'fact_id', 'professional_id', 'on_date', 'detail'],
      mode,
    );

    const apply = ({ recorded, event }: ProjectedEvent) => {
      if (!recorded.streamId.startsWith('professional-')) return;
      const professionalId = (event.data as { professionalId?: string }).professionalId;
      // Idempotent: an event at or before the last one applied to this professional is ignored.
      if (!professionalId || !positions.firstTime(professionalId, recorded.position)) return;
      if (event.type === 'ProfessionalRegistered') {
        statements.registered.run(
          professionalId,
          event.data.municipality,
          event.data.sector,
          event.data.registeredOn,
        );
      } else if (event.type === 'ProfessionalDetailsCorrected') {
        // A correction fixes a mistake, so it applies to every date: the group is the
        // corrected one, also for asOf dates before the correction was recorded.
        if (event.data.changes.municipality !== undefined) {
          statements.municipality.run(event.data.changes.municipality, professionalId);
        }
        if (event.data.changes.sector !== undefined) {
          statements.sector.run(event.data.changes.sector, professionalId);
        }
      } else {
        const fact = factOf(event, recorded.position);
        if (!fact) return;
        facts.insert(
          recorded.position,
          fact.kind,
          fact.factId,
          professionalId,
          fact.onDate,
          JSON.stringify(fact.detail ?? {}),
        );
      }
    };
    return Object.assign(apply, {
      flush() {
        positions.flush();
        facts.flush();
      },
    });
  },
};

interface AnalyticsFact {
  kind: AnalyticsFactKind;
  factId: string;
  /** The fact's date in valid time; null for a lookup that counts on no date of its own. */
  onDate: string | null;
  detail?: object;
}

const fact = (
  kind: AnalyticsFactKind,
  factId: string,
  onDate: string | null,
  detail?: object,
): AnalyticsFact => ({ kind, factId, onDate, detail });

/** The fact an event adds, if any (one at most, so that its position can key it). */
function factOf(event: CertificationEvent, position: bigint): AnalyticsFact | undefined {
  switch (event.type) {
    case 'AdmissionGranted':
      return fact('admitted', event.data.decisionId, event.data.decidedOn);
    case 'AdmissionRefused':
      return fact('admission-refused', event.data.decisionId, event.data.decidedOn);
    case 'CertificationRequested':
      // Undated lookup: links a renewal decision to the certificate it continues.
      return fact('certification-requested', event.data.requestId, null, {
        kind: event.data.kind,
        renews: event.data.renews ?? null,
      });
    case 'CertificateGranted':
      return fact('certificate-granted', event.data.decisionId, event.data.decidedOn, {
        requestId: event.data.requestId,
        certificateId: event.data.certificateId,
        validFrom: event.data.validFrom,
        validUntil: event.data.validUntil,
      });
    case 'CertificationRefused':
      return fact('certification-refused', event.data.decisionId, event.data.decidedOn, {
        requestId: event.data.requestId,
      });
    case 'CertificateExpired':
      return fact('certificate-expired', event.data.certificateId, event.data.expiredOn);
    case 'CertificateRevoked':
      return fact('certificate-revoked', event.data.decisionId, event.data.revokedOn);
    case 'RevocationReversed':
      return fact('revocation-reversed', event.data.decisionId, event.data.reversedOn, {
        reversedDecisionId: event.data.reversedDecisionId,
      });
    case 'ProfessionalWithdrew':
      return fact('withdrawn', event.data.professionalId, event.data.withdrawnOn);
    case 'ActivityLogged':
      // Undated lookup: the points count on the review date, not the logging date.
      return fact('activity', event.data.activityId, null, {
        category: event.data.category,
        hours: event.data.hours,
        competencies: event.data.competencies,
      });
    case 'ActivityApproved':
    case 'ActivityRejected':
    case 'ActivityReviewCorrected':
      // A correction is a later review of the same activity: the latest one on or before asOf
      // counts.
      return fact('activity-review', String(position), event.data.reviewedOn, {
        activityId: event.data.activityId,
        outcome:
          event.type === 'ActivityReviewCorrected'
            ? event.data.outcome
            : event.type === 'ActivityApproved'
              ? 'approved'
              : 'rejected',
      });
    case 'ObjectionLodged':
      return fact('objection-lodged', event.data.objectionId, event.data.lodgedOn);
    case 'ObjectionDecided':
      return fact('objection-decided', event.data.objectionId, event.data.decidedOn, {
        outcome: event.data.outcome,
      });
    default:
      // Withdrawn activities were never reviewed (only unreviewed ones can be withdrawn),
      // so they change no figure; suspensions are not among the pilot's figures.
      return undefined;
  }
}
