export * from './shared/calendar';
export * from './shared/domain-error';
export * from './schemes/scheme';
export * from './schemes/scheme-events';
export * from './schemes/scheme.decider';
export * from './professional/professional-events';
export * from './professional/professional-commands';
export * from './professional/professional-state';
export * from './professional/decision-context';
export { decideProfessional } from './professional/decide-professional';
export { computeBasis, planInForce } from './certification/certification-basis';
export {
  certificateValidOn,
  onTimeRenewalPending,
  pendingRequest,
  renewalWindow,
} from './certification/certification.decider';
export { unmetAdmissionRequirements } from './admission/admission.decider';
export { computeAdmissionBasis } from './admission/admission-basis';
export { computeRevocationBasis, computeSuspensionBasis } from './sanctions/sanction-basis';
export { computeObjectionBasis } from './objections/objection-basis';
export {
  isDecisionEvent,
  recomputeBasis,
  storedBasis,
  type DecisionBasis,
} from './professional/decision-basis';
export * from './registration/registration-number';
export * from './audit/audit-sample';
export * from './streams';
export * from './event-schema';
export { openObjectionCovering } from './objections/objections.decider';
export * from './objections/objection-terms';
export { explainCertification, type Explanation } from './certification/explain-decision';
export { explainAdmission } from './certification/explain-admission';
export { explainRevocation, explainSuspension } from './certification/explain-sanction';
export { explainObjection } from './certification/explain-objection';
export { explainWithoutBasis } from './certification/explain-without-basis';
export { explainDecision } from './certification/explain-any-decision';
