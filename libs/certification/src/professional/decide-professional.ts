import { decideAdmission } from '../admission/admission.decider';
import {
  decideCertification,
  decideCertificationRequest,
  decideCertificationRequestWithdrawal,
  decideExpiry,
} from '../certification/certification.decider';
import {
  decideActivityLog,
  decideActivityReview,
  decideActivityWithdrawal,
  decideDevelopmentPlan,
} from '../dossier/dossier.decider';
import {
  decideDetailsCorrection,
  decideRegistration,
  decideWithdrawal,
} from '../registration/registration.decider';
import {
  decideRevocation,
  decideSuspension,
  decideSuspensionEnd,
  decideSuspensionLift,
} from '../sanctions/sanctions.decider';
import {
  decideObjectionExtension,
  decideObjectionLodging,
  decideObjectionOutcome,
} from '../objections/objections.decider';
import { decideErasure } from '../privacy/erasure.decider';
import { illegalState } from '../shared/domain-error';
import type { DecisionContext } from './decision-context';
import type { ProfessionalCommand } from './professional-commands';
import type { ProfessionalEvent } from './professional-events';
import type { ProfessionalState } from './professional-state';

/** The decider of a professional's stream: routes each command to its slice. */
export function decideProfessional(
  state: ProfessionalState,
  command: ProfessionalCommand,
  context: DecisionContext,
): ProfessionalEvent[] {
  // An erased record takes nothing new that could carry personal data; time still runs on it.
  if (state.erased && command.type !== 'ExpireCertificate' && command.type !== 'EndSuspension') {
    throw illegalState(
      'The personal data of this professional has been erased; the record is closed.',
    );
  }
  switch (command.type) {
    case 'RegisterProfessional':
      return decideRegistration(state, command, context);
    case 'CorrectProfessionalDetails':
      return decideDetailsCorrection(state, command);
    case 'DecideAdmission':
      return decideAdmission(state, command, context);
    case 'SetDevelopmentPlan':
      return decideDevelopmentPlan(state, command, context);
    case 'LogActivity':
      return decideActivityLog(state, command, context);
    case 'WithdrawActivity':
      return decideActivityWithdrawal(state, command);
    case 'ReviewActivity':
      return decideActivityReview(state, command, context);
    case 'RequestCertification':
      return decideCertificationRequest(state, command, context);
    case 'WithdrawCertificationRequest':
      return decideCertificationRequestWithdrawal(state, command);
    case 'DecideCertification':
      return decideCertification(state, command, context);
    case 'SuspendCertificate':
      return decideSuspension(state, command, context);
    case 'LiftSuspension':
      return decideSuspensionLift(state, command, context);
    case 'EndSuspension':
      return decideSuspensionEnd(state, command, context);
    case 'RevokeCertificate':
      return decideRevocation(state, command, context);
    case 'WithdrawProfessional':
      return decideWithdrawal(state, command, context);
    case 'ExpireCertificate':
      return decideExpiry(state, command, context);
    case 'LodgeObjection':
      return decideObjectionLodging(state, command, context);
    case 'ExtendObjectionDeadline':
      return decideObjectionExtension(state, command);
    case 'DecideObjection':
      return decideObjectionOutcome(state, command, context);
    case 'ErasePersonalData':
      return decideErasure(state, command, context);
    default: {
      const unknown: never = command;
      throw new Error(`Unknown command ${JSON.stringify(unknown)}`);
    }
  }
}
