/** The one place that names streams. */
export const professionalStream = (professionalId: string) => `professional-${professionalId}`;
export const SCHEMES_STREAM = 'schemes';
export const REGISTRATION_NUMBERS_STREAM = 'registration-numbers';
export const AUDIT_SAMPLES_STREAM = 'audit-samples';
