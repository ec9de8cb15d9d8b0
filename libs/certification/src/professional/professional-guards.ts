import { illegalState, notFound } from '../shared/domain-error';
import type { ProfessionalState, ProfessionalStatus } from './professional-state';

/** The professional exists in the ledger; otherwise 404. */
export function requireRegistered(state: ProfessionalState): void {
  if (!state.registered) throw notFound('No professional with this id is registered.');
}

const STATUS_TEXT: Record<ProfessionalStatus, string> = {
  applicant: 'is still an applicant',
  admitted: 'is admitted',
  refused: 'was refused admission',
  certified: 'is certified',
  suspended: 'is suspended',
  expired: 'has an expired certificate',
  revoked: 'had their certificate revoked',
  withdrawn: 'has withdrawn from the register',
};

/** The professional is registered and in one of the given states; otherwise 409 saying why. */
export function requireStatus(
  state: ProfessionalState,
  allowed: readonly ProfessionalStatus[],
  action: string,
): void {
  requireRegistered(state);
  if (!allowed.includes(state.status)) {
    throw illegalState(`Cannot ${action}: the professional ${STATUS_TEXT[state.status]}.`);
  }
}

/** States in which a professional keeps a dossier (plan, activities). */
export const DOSSIER_STATES: readonly ProfessionalStatus[] = [
  'admitted',
  'certified',
  'suspended',
  'expired',
];

/**
 * The state as the dates make it: a suspension past its `until` has ended by itself, even
 * before the scheduler has recorded `SuspensionEnded`.
 */
export function effectiveState(state: ProfessionalState, today: string): ProfessionalState {
  if (state.status === 'suspended' && state.suspension && state.suspension.until <= today) {
    return { ...state, status: 'certified', suspension: undefined };
  }
  return state;
}
