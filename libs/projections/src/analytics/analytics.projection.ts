import type Database from 'better-sqlite3';
import type { Projection, ProjectedEvent } from '../runner/projection';

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
  version: 1,
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
        kind            TEXT NOT NULL,
        fact_id         TEXT NOT NULL,
        professional_id TEXT NOT NULL,
        on_date         TEXT,
        position        INTEGER NOT NULL,
        detail          TEXT NOT NULL,
        PRIMARY KEY (kind, fact_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS analytics_positions${suffix} (
        professional_id TEXT PRIMARY KEY,
        last_position   INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },

  createIndexes(db: Database.Database, suffix: string): void {
    db.exec(`
      CREATE INDEX IF NOT EXISTS analytics_facts_by_date${suffix} ON analytics_facts${suffix} (on_date);
      CREATE INDEX IF NOT EXISTS analytics_facts_by_professional${suffix} ON analytics_facts${suffix} (professional_id);
    `);
  },

  bind(db: Database.Database, suffix: string) {
    const statements = {
      last: db
        .prepare(`SELECT last_position FROM analytics_positions${suffix} WHERE professional_id = ?`)
        .safeIntegers(true)
        .pluck(),
      setLast: db.prepare(
        `INSERT INTO analytics_positions${suffix} (professional_id, last_position) VALUES (?, ?)
         ON CONFLICT (professional_id) DO UPDATE SET last_position = excluded.last_position`,
      ),
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
      fact: db.prepare(
        `INSERT OR IGNORE INTO analytics_facts${suffix}
         (kind, fact_id, professional_id, on_date, position, detail) VALUES (?, ?, ?, ?, ?, ?)`,
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
      const fact = (
        kind: AnalyticsFactKind,
        factId: string,
        onDate: string | null,
        detail: object = {},
      ) =>
        statements.fact.run(
          kind,
          factId,
          professionalId,
          onDate,
          recorded.position,
          JSON.stringify(detail),
        );
      switch (event.type) {
        case 'ProfessionalRegistered':
          statements.registered.run(
            professionalId,
            event.data.municipality,
            event.data.sector,
            event.data.registeredOn,
          );
          break;
        case 'ProfessionalDetailsCorrected':
          // A correction fixes a mistake, so it applies to every date: the group is the
          // corrected one, also for asOf dates before the correction was recorded.
          if (event.data.changes.municipality !== undefined) {
            statements.municipality.run(event.data.changes.municipality, professionalId);
          }
          if (event.data.changes.sector !== undefined) {
            statements.sector.run(event.data.changes.sector, professionalId);
          }
          break;
        case 'AdmissionGranted':
          fact('admitted', event.data.decisionId, event.data.decidedOn);
          break;
        case 'AdmissionRefused':
          fact('admission-refused', event.data.decisionId, event.data.decidedOn);
          break;
        case 'CertificationRequested':
          // Undated lookup: links a renewal decision to the certificate it continues.
          fact('certification-requested', event.data.requestId, null, {
            kind: event.data.kind,
            renews: event.data.renews ?? null,
          });
          break;
        case 'CertificateGranted':
          fact('certificate-granted', event.data.decisionId, event.data.decidedOn, {
            requestId: event.data.requestId,
            certificateId: event.data.certificateId,
            validFrom: event.data.validFrom,
            validUntil: event.data.validUntil,
          });
          break;
        case 'CertificationRefused':
          fact('certification-refused', event.data.decisionId, event.data.decidedOn, {
            requestId: event.data.requestId,
          });
          break;
        case 'CertificateExpired':
          fact('certificate-expired', event.data.certificateId, event.data.expiredOn);
          break;
        case 'CertificateRevoked':
          fact('certificate-revoked', event.data.decisionId, event.data.revokedOn);
          break;
        case 'RevocationReversed':
          fact('revocation-reversed', event.data.decisionId, event.data.reversedOn, {
            reversedDecisionId: event.data.reversedDecisionId,
          });
          break;
        case 'ProfessionalWithdrew':
          fact('withdrawn', professionalId, event.data.withdrawnOn);
          break;
        case 'ActivityLogged':
          // Undated lookup: the points count on the review date, not the logging date.
          fact('activity', event.data.activityId, null, {
            category: event.data.category,
            hours: event.data.hours,
            competencies: event.data.competencies,
          });
          break;
        case 'ActivityApproved':
        case 'ActivityRejected':
          fact('activity-review', String(recorded.position), event.data.reviewedOn, {
            activityId: event.data.activityId,
            outcome: event.type === 'ActivityApproved' ? 'approved' : 'rejected',
          });
          break;
        case 'ActivityReviewCorrected':
          // A later review of the same activity: the latest one on or before asOf counts.
          fact('activity-review', String(recorded.position), event.data.reviewedOn, {
            activityId: event.data.activityId,
            outcome: event.data.outcome,
          });
          break;
        case 'ObjectionLodged':
          fact('objection-lodged', event.data.objectionId, event.data.lodgedOn);
          break;
        case 'ObjectionDecided':
          fact('objection-decided', event.data.objectionId, event.data.decidedOn, {
            outcome: event.data.outcome,
          });
          break;
        default:
          // Withdrawn activities were never reviewed (only unreviewed ones can be withdrawn),
          // so they change no figure; suspensions are not among the pilot's figures.
          break;
      }
    };
  },
};
