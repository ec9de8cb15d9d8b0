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

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** An authenticated person acting in one role. */
export interface Principal {
  /** The person: an API token's subject, or a JWT's issuer + subject. */
  id: string;
  role: Role;
  /** The professional record that is this person's own, if any. */
  professionalId?: string;
  /** How the person was authenticated; recorded with every event they cause. */
  authentication: 'api-token' | 'jwt' | 'development-header';
  /** For a JWT: its issuer. */
  issuer?: string;
  /** For an API token: its id (never its secret). */
  tokenId?: string;
}

/** Why a bearer credential was refused; the message is safe to show (no secrets). */
export class AuthenticationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticationError';
  }
}
