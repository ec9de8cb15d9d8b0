import { illegalState, invalid } from '../shared/domain-error';
import type { DecisionContext } from '../professional/decision-context';
import type {
  CorrectProfessionalDetails,
  RegisterProfessional,
  WithdrawProfessional,
} from '../professional/professional-commands';
import type { ProfessionalEvent } from '../professional/professional-events';
import { requireRegistered } from '../professional/professional-guards';
import type { ProfessionalState } from '../professional/professional-state';

export function decideRegistration(
  state: ProfessionalState,
  command: RegisterProfessional,
  context: DecisionContext,
): ProfessionalEvent[] {
  if (state.registered) throw illegalState('This professional is already registered.');
  return [
    { type: 'ProfessionalRegistered', data: { ...command.data, registeredOn: context.today } },
  ];
}

export function decideDetailsCorrection(
  state: ProfessionalState,
  command: CorrectProfessionalDetails,
): ProfessionalEvent[] {
  requireRegistered(state);
  const changes = Object.fromEntries(
    Object.entries(command.data.changes).filter(([, value]) => value !== undefined),
  );
  if (Object.keys(changes).length === 0) {
    throw invalid('Name at least one field to correct.', 'changes');
  }
  return [
    {
      type: 'ProfessionalDetailsCorrected',
      data: { professionalId: state.professionalId, changes, reason: command.data.reason },
    },
  ];
}

export function decideWithdrawal(
  state: ProfessionalState,
  command: WithdrawProfessional,
  context: DecisionContext,
): ProfessionalEvent[] {
  requireRegistered(state);
  if (state.status === 'withdrawn') throw illegalState('The professional has already withdrawn.');
  return [
    {
      type: 'ProfessionalWithdrew',
      data: {
        professionalId: state.professionalId,
        withdrawnOn: context.today,
        ...(command.data.reason ? { reason: command.data.reason } : {}),
      },
    },
  ];
}
