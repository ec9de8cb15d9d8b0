import { certificateValidOn } from '../certification/certification.decider';
import { illegalState } from '../shared/domain-error';
import type { DecisionContext } from '../professional/decision-context';
import type { ErasePersonalData } from '../professional/professional-commands';
import type { ProfessionalEvent } from '../professional/professional-events';
import { requireRegistered } from '../professional/professional-guards';
import type { ProfessionalState } from '../professional/professional-state';

/**
 * Erasure (GDPR art. 17) while the register no longer needs the data: never while an objection
 * is open or a certificate is valid, since both still need to know who the person is.
 */
export function decideErasure(
  state: ProfessionalState,
  command: ErasePersonalData,
  context: DecisionContext,
): ProfessionalEvent[] {
  requireRegistered(state);
  if (state.erased)
    throw illegalState('The personal data of this professional has already been erased.');
  const open = Object.values(state.objections).find((objection) => objection.status === 'open');
  if (open) {
    throw illegalState(
      `Erasure must wait: objection ${open.objectionId} is open until it is decided (due ${open.dueBy}).`,
    );
  }
  if (certificateValidOn(state, context.today) && state.certificate) {
    throw illegalState(
      `Erasure must wait: the certificate is valid until ${state.certificate.validUntil}; withdraw or revoke it first.`,
    );
  }
  return [
    {
      type: 'PersonalDataErased',
      data: {
        professionalId: state.professionalId,
        erasedOn: context.today,
        basis: command.data.basis,
      },
    },
  ];
}
