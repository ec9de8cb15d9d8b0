import type { JwtVerifier } from './jwt-verifier';
import { AuthenticationError, type Principal } from './principal';
import { TOKEN_PREFIX, type TokenStore } from './token-store';

/** One entry for both kinds of bearer credential: API tokens and identity-provider JWTs. */
export class Authenticator {
  constructor(
    private readonly tokens: TokenStore,
    private readonly jwt?: JwtVerifier,
  ) {}

  async authenticate(authorization: string | undefined): Promise<Principal> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match)
      throw new AuthenticationError('Send a bearer token: Authorization: Bearer <token>.');
    const credential = match[1];
    if (credential.startsWith(TOKEN_PREFIX)) return this.tokens.authenticate(credential);
    if (credential.split('.').length === 3) {
      if (!this.jwt)
        throw new AuthenticationError('This server accepts no identity-provider tokens.');
      return this.jwt.authenticate(credential);
    }
    throw new AuthenticationError('The token is not valid.');
  }
}
