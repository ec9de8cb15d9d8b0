export { Authenticator } from './authenticator';
export { JwtVerifier, type JwtOptions } from './jwt-verifier';
export { AuthenticationError, ROLES, isRole, type Principal, type Role } from './principal';
export { TOKEN_PREFIX, TokenStore, hashSecret, type ApiToken } from './token-store';
export { parseDuration } from './duration';
