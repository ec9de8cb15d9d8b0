/** The roles of PRODUCT.md. */
export const ROLES = [
  'registrar',
  'assessor',
  'appeals',
  'professional',
  'analyst',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

/** Registrar, assessor, appeals and auditor. */
export const STAFF: readonly Role[] = ['registrar', 'assessor', 'appeals', 'auditor'];
