import type Database from 'better-sqlite3';
import type { AnalyticsFactKind } from './analytics.projection';

/** The figures of one municipality and sector, as of a date (valid time). No names. */
export interface PilotGroup {
  municipality: string;
  sector: string;
  /** Professionals registered on or before asOf. */
  registered: number;
  /** Professionals with an admission granted on or before asOf. */
  admitted: number;
  /** Professionals ever granted a certificate on or before asOf. */
  certified: number;
  /** Admission refusals (decisions), also when an objection later overturned them. */
  admissionRefused: number;
  /** Certification refusals (decisions), also when an objection later overturned them. */
  certificationRefused: number;
  /** Certificates that expired. */
  expired: number;
  /** Revocations not reversed on or before asOf. */
  revoked: number;
  /** Professionals who withdrew. */
  withdrawn: number;
  /** Median days from registeredOn to validFrom of the first grant; null without any. */
  medianDaysToCertification: number | null;
  /** Hours of activities whose latest review on or before asOf approved them, per category. */
  pointsPerCategory: Record<string, number>;
  /** The same hours per competency (an activity counts in full for each competency it lists). */
  pointsPerCompetency: Record<string, number>;
  /** Activities whose latest review rejected them, of all reviewed ones; null when none. */
  activitiesRejectedShare: number | null;
  objectionsLodged: number;
  objectionsUpheld: number;
  /**
   * Certificates renewed, of the certificates that were due for renewal: those whose validity
   * ended (validUntil on or before asOf) or on whose renewal a decision (grant or refusal) was
   * taken on or before asOf. Null when none was due.
   */
  renewalRate: number | null;
}

export interface PilotAnalytics {
  asOf: string;
  groups: PilotGroup[];
}

interface FactRow {
  kind: AnalyticsFactKind;
  fact_id: string;
  professional_id: string;
  on_date: string | null;
  position: number;
  detail: string;
}

interface ProfessionalRow {
  professional_id: string;
  municipality: string;
  sector: string;
  registered_on: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const daysBetween = (from: string, until: string) =>
  Math.round((Date.parse(`${until}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function emptyGroup(municipality: string, sector: string): PilotGroup {
  return {
    municipality,
    sector,
    registered: 0,
    admitted: 0,
    certified: 0,
    admissionRefused: 0,
    certificationRefused: 0,
    expired: 0,
    revoked: 0,
    withdrawn: 0,
    medianDaysToCertification: null,
    pointsPerCategory: {},
    pointsPerCompetency: {},
    activitiesRejectedShare: null,
    objectionsLodged: 0,
    objectionsUpheld: 0,
    renewalRate: null,
  };
}

const add = (record: Record<string, number>, key: string, amount: number) => {
  record[key] = (record[key] ?? 0) + amount;
};

/**
 * The pilot figures aggregated at query time from the dated facts: the pilot is small, and
 * filtering facts by their own date is what makes asOf exact for every figure.
 */
export class AnalyticsQueries {
  constructor(private readonly db: Database.Database) {}

  pilot(asOf: string): PilotAnalytics {
    const professionals = this.db
      .prepare(
        `SELECT professional_id, municipality, sector, registered_on FROM analytics_professionals
         WHERE registered_on <= ?`,
      )
      .all(asOf) as ProfessionalRow[];
    // Undated facts (lookups) always; dated ones only when they happened on or before asOf.
    const facts = this.db
      .prepare(
        `SELECT kind, fact_id, professional_id, on_date, position, detail FROM analytics_facts
         WHERE on_date IS NULL OR on_date <= ? ORDER BY position`,
      )
      .all(asOf) as FactRow[];

    const byProfessional = new Map(professionals.map((p) => [p.professional_id, p]));
    const groups = new Map<string, PilotGroup>();
    const groupOf = (professionalId: string): PilotGroup | undefined => {
      const professional = byProfessional.get(professionalId);
      if (!professional) return undefined;
      const key = JSON.stringify([professional.municipality, professional.sector]);
      let group = groups.get(key);
      if (!group) {
        group = emptyGroup(professional.municipality, professional.sector);
        groups.set(key, group);
      }
      return group;
    };
    for (const professional of professionals) groupOf(professional.professional_id)!.registered++;

    const admitted = new Set<string>();
    const firstGrant = new Map<string, string>();
    const requests = new Map<string, { kind: string; renews: string | null }>();
    const activities = new Map<
      string,
      { professionalId: string; category: string; hours: number; competencies: string[] }
    >();
    const latestReview = new Map<string, 'approved' | 'rejected'>();
    const certificates = new Map<string, { professionalId: string; validUntil: string }>();
    const renewalDecisions: Array<{ requestId: string; granted: boolean }> = [];
    const revocations = new Map<string, string>();
    const reversed = new Set<string>();

    for (const fact of facts) {
      const group = groupOf(fact.professional_id);
      if (!group) continue;
      const detail = JSON.parse(fact.detail) as Record<string, unknown>;
      switch (fact.kind) {
        case 'admitted':
          admitted.add(fact.professional_id);
          break;
        case 'admission-refused':
          group.admissionRefused++;
          break;
        case 'certification-requested':
          requests.set(fact.fact_id, {
            kind: detail.kind as string,
            renews: detail.renews as string | null,
          });
          break;
        case 'certificate-granted':
          // Facts come in ledger order, so the first grant seen is the first one granted.
          if (!firstGrant.has(fact.professional_id)) {
            firstGrant.set(fact.professional_id, detail.validFrom as string);
          }
          certificates.set(detail.certificateId as string, {
            professionalId: fact.professional_id,
            validUntil: detail.validUntil as string,
          });
          renewalDecisions.push({ requestId: detail.requestId as string, granted: true });
          break;
        case 'certification-refused':
          group.certificationRefused++;
          renewalDecisions.push({ requestId: detail.requestId as string, granted: false });
          break;
        case 'certificate-expired':
          group.expired++;
          break;
        case 'certificate-revoked':
          revocations.set(fact.fact_id, fact.professional_id);
          break;
        case 'revocation-reversed':
          reversed.add(detail.reversedDecisionId as string);
          break;
        case 'withdrawn':
          group.withdrawn++;
          break;
        case 'activity':
          activities.set(fact.fact_id, {
            professionalId: fact.professional_id,
            category: detail.category as string,
            hours: detail.hours as number,
            competencies: detail.competencies as string[],
          });
          break;
        case 'activity-review':
          latestReview.set(detail.activityId as string, detail.outcome as 'approved' | 'rejected');
          break;
        case 'objection-lodged':
          group.objectionsLodged++;
          break;
        case 'objection-decided':
          if (detail.outcome === 'upheld') group.objectionsUpheld++;
          break;
      }
    }
    // Reviews come in ledger order; a later review (a correction) may carry an earlier date
    // only if the clock went back, which the ledger does not allow, so the last one wins.

    for (const professionalId of admitted) groupOf(professionalId)!.admitted++;
    for (const professionalId of firstGrant.keys()) groupOf(professionalId)!.certified++;
    for (const [decisionId, professionalId] of revocations) {
      if (!reversed.has(decisionId)) groupOf(professionalId)!.revoked++;
    }

    const days = new Map<PilotGroup, number[]>();
    for (const [professionalId, validFrom] of firstGrant) {
      const group = groupOf(professionalId)!;
      const registeredOn = byProfessional.get(professionalId)!.registered_on;
      days.set(group, [...(days.get(group) ?? []), daysBetween(registeredOn, validFrom)]);
    }
    for (const [group, values] of days) group.medianDaysToCertification = median(values);

    const reviewed = new Map<PilotGroup, { all: number; rejected: number }>();
    for (const [activityId, outcome] of latestReview) {
      const activity = activities.get(activityId);
      if (!activity) continue;
      const group = groupOf(activity.professionalId)!;
      const counts = reviewed.get(group) ?? { all: 0, rejected: 0 };
      counts.all++;
      if (outcome === 'rejected') counts.rejected++;
      reviewed.set(group, counts);
      if (outcome !== 'approved') continue;
      add(group.pointsPerCategory, activity.category, activity.hours);
      for (const competency of activity.competencies) {
        add(group.pointsPerCompetency, competency, activity.hours);
      }
    }
    for (const [group, counts] of reviewed) {
      group.activitiesRejectedShare = counts.rejected / counts.all;
    }

    // Renewal: a certificate is due once its validity ended or a renewal decision was taken.
    const due = new Map<string, boolean>();
    for (const [certificateId, certificate] of certificates) {
      if (certificate.validUntil <= asOf) due.set(certificateId, false);
    }
    for (const decision of renewalDecisions) {
      const renews = requests.get(decision.requestId)?.renews;
      if (!renews || !certificates.has(renews)) continue;
      due.set(renews, (due.get(renews) ?? false) || decision.granted);
    }
    const renewals = new Map<PilotGroup, { due: number; renewed: number }>();
    for (const [certificateId, renewed] of due) {
      const group = groupOf(certificates.get(certificateId)!.professionalId)!;
      const counts = renewals.get(group) ?? { due: 0, renewed: 0 };
      counts.due++;
      if (renewed) counts.renewed++;
      renewals.set(group, counts);
    }
    for (const [group, counts] of renewals) group.renewalRate = counts.renewed / counts.due;

    return {
      asOf,
      // Code-point order, not locale order: the answer must not depend on the server's locale.
      groups: [...groups.values()].sort((a, b) =>
        a.municipality === b.municipality
          ? Number(a.sector > b.sector) - Number(a.sector < b.sector)
          : Number(a.municipality > b.municipality) - Number(a.municipality < b.municipality),
      ),
    };
  }
}
