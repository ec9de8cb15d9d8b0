import type { Role } from '@vakregister/access';

export { ROLES, type Role } from '@vakregister/access';

/** Registrar, assessor, appeals and auditor. */
export const STAFF: readonly Role[] = ['registrar', 'assessor', 'appeals', 'auditor'];
