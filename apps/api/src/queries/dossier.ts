import {
  SCHEMES_STREAM,
  addDays,
  addYears,
  certificateValidOn,
  computeBasis,
  foldProfessional,
  pendingRequest,
  planInForce,
  professionalStream,
  schemeInForce,
  type ActivityLogged,
  type LocalDate,
  type Period,
  type ProfessionalEvent,
  type ProfessionalState,
  type Scheme,
} from '@vakregister/certification';
import type { RecordedEvent } from '@vakregister/event-store';
import type { Ledger } from '@vakregister/ledger';
import type { KnownAt } from '@vakregister/projections';

/** Whether the ledger held an event at a record-time moment (inclusive). */
export function knownBy(event: RecordedEvent, knownAt: KnownAt | undefined): boolean {
  if (!knownAt) return true;
  return 'position' in knownAt
    ? event.position <= knownAt.position
    : String(event.metadata.recordedAt) <= knownAt.instant;
}

/** The cycle whose points count on a date: the pending request's, the certificate's, or the qualifying period. */
function cycleOn(
  state: ProfessionalState,
  date: LocalDate,
  scheme: Scheme,
): { cycle: Period; planDate: LocalDate; kind: string } {
  const pending = pendingRequest(state);
  if (pending) return { cycle: pending.cycle, planDate: pending.requestedOn, kind: pending.kind };
  if (state.certificate && certificateValidOn(state, date)) {
    const { validFrom, validUntil } = state.certificate;
    return { cycle: { from: validFrom, until: validUntil }, planDate: date, kind: 'renewal' };
  }
  return {
    cycle: { from: addYears(date, -scheme.cycleYears), until: addDays(date, 1) },
    planDate: date,
    kind: 'first',
  };
}

/**
 * A professional's dossier as the ledger knew it at `knownAt`, for the date `asOf`: a fold of
 * their own stream (short by nature), so any moment costs the same as now.
 */
export async function buildDossier(
  ledger: Ledger,
  professionalId: string,
  asOf: LocalDate,
  knownAt: KnownAt | undefined,
) {
  const recorded = (await ledger.readStream(professionalStream(professionalId))).filter((event) =>
    knownBy(event, knownAt),
  );
  const events = recorded.map((event) => ledger.toDomain(event) as ProfessionalEvent);
  const state = foldProfessional(events);
  if (!state.registered) return undefined;
  const schemes = (await ledger.readStream(SCHEMES_STREAM))
    .filter((event) => knownBy(event, knownAt))
    .map((event) => ledger.toDomain(event).data as Scheme);
  const scheme = schemeInForce(schemes, asOf);
  const logged = new Map(
    events
      .filter((event): event is ActivityLogged => event.type === 'ActivityLogged')
      .map((event) => [event.data.activityId, event.data]),
  );
  const activities = Object.values(state.activities).map((activity) => ({
    ...activity,
    title: logged.get(activity.activityId)?.title ?? '',
    provider: logged.get(activity.activityId)?.provider ?? null,
  }));
  const base = {
    professionalId,
    registrationNumber: state.registrationNumber,
    status: state.status,
    asOf,
    knownAtPosition: recorded.length > 0 ? recorded[recorded.length - 1].position.toString() : null,
    plan: planInForce(state, asOf),
    activities,
    certificate: state.certificate ?? null,
  };
  if (!scheme)
    return {
      ...base,
      scheme: null,
      cycle: null,
      points: null,
      missing: [`no scheme in force on ${asOf}`],
    };
  const { cycle, planDate, kind } = cycleOn(state, asOf, scheme);
  const basis = computeBasis(state, cycle, planDate, scheme);
  return {
    ...base,
    scheme: scheme.schemeId,
    cycle: { ...cycle, kind },
    points: {
      total: basis.total,
      required: basis.pointsRequired,
      perCategory: basis.perCategory,
      perCompetency: basis.perCompetency,
    },
    missing: basis.shortfalls,
  };
}
