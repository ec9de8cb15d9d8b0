import {
  amsterdamDate,
  certificateValidOn,
  evolveProfessional,
  initialProfessionalState,
  isCertificationEventType,
  type ProfessionalEvent,
  type ProfessionalState,
} from '@vakregister/certification';
import type { Ledger } from '@vakregister/ledger';

/**
 * The population of a random audit as the ledger held it at a position: the registration
 * numbers of professionals certified on that day, or the ids of approved activities. Read from
 * the log itself, so that anyone can recompute it from the same position.
 */
export async function auditPopulation(
  ledger: Ledger,
  population: 'certified' | 'activities',
  atPosition: bigint,
  recordedAt: Date,
): Promise<string[]> {
  const states = new Map<string, ProfessionalState>();
  for await (const recorded of ledger.store.readAll({ fromPosition: 'start' })) {
    if (recorded.position > atPosition) break;
    if (!recorded.streamId.startsWith('professional-') || !isCertificationEventType(recorded.type))
      continue;
    const state = states.get(recorded.streamId) ?? initialProfessionalState;
    states.set(
      recorded.streamId,
      evolveProfessional(state, ledger.toDomain(recorded) as ProfessionalEvent),
    );
  }
  const today = amsterdamDate(recordedAt);
  const members: string[] = [];
  for (const state of states.values()) {
    if (population === 'certified') {
      if (state.status === 'certified' && certificateValidOn(state, today))
        members.push(state.registrationNumber);
    } else {
      for (const activity of Object.values(state.activities)) {
        if (activity.status === 'approved') members.push(activity.activityId);
      }
    }
  }
  return members.sort();
}
