import { SetMetadata } from '@nestjs/common';
import type { Role } from './roles';

export const ACCESS_RULE = 'vakregister:access';

/** Who may call a route: the roles, and whether a professional may act on their own record. */
export interface AccessRule {
  roles: readonly Role[];
  /** The `professional` role is allowed when the route's `:id` param is their own record. */
  self?: boolean;
  /** No token needed (public lookups, health, metrics, docs). */
  public?: boolean;
}

export const Access = (rule: AccessRule) => SetMetadata(ACCESS_RULE, rule);
export const Public = () => Access({ roles: [], public: true });
