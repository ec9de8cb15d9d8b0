import {
  createLocalJWKSet,
  createRemoteJWKSet,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { readFileSync } from 'node:fs';
import { AuthenticationError, isRole, type Principal } from './principal';

export interface JwtOptions {
  issuer: string;
  audience: string;
  /** A JWKS file path, or an https URL. */
  jwks: string;
  /** The only algorithms accepted (never `none`). */
  algorithms: string[];
  /** The claim that holds the role (a string or a list of strings). */
  rolesClaim: string;
  /** The claim that links the person to their professional record, if any. */
  professionalClaim?: string;
}

/**
 * Verifies JWTs of an organisation's identity provider with `jose`: signature against the
 * JWKS, algorithms pinned, `exp`, `iss`, `aud` and `sub` required. The person is issuer +
 * subject, so that two providers' subjects never collide.
 */
export class JwtVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly options: JwtOptions) {
    this.keys = /^https?:\/\//.test(options.jwks)
      ? createRemoteJWKSet(new URL(options.jwks))
      : createLocalJWKSet(JSON.parse(readFileSync(options.jwks, 'utf8')));
  }

  async authenticate(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: this.options.algorithms,
        requiredClaims: ['exp', 'iss', 'aud', 'sub'],
      }));
    } catch (error) {
      throw new AuthenticationError(`The token is not valid: ${(error as Error).message}.`);
    }
    const claim = payload[this.options.rolesClaim];
    const roles = (Array.isArray(claim) ? claim : [claim]).filter(isRole);
    if (roles.length === 0) {
      throw new AuthenticationError(
        `The token carries no Vakregister role in ${this.options.rolesClaim}.`,
      );
    }
    const professionalId = this.options.professionalClaim
      ? payload[this.options.professionalClaim]
      : undefined;
    return {
      id: `${payload.iss}|${payload.sub}`,
      role: roles[0],
      ...(typeof professionalId === 'string' ? { professionalId } : {}),
      authentication: 'jwt',
      issuer: String(payload.iss),
    };
  }
}
