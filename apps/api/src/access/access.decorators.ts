import { applyDecorators, SetMetadata } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { Role } from '@vakregister/access';

export const ACCESS_RULE = 'vakregister:access';

/** Who may call a route. Checked in an `onRequest` hook, before the body is read. */
export interface AccessRule {
  roles: readonly Role[];
  /** The `professional` role is allowed when the route's `:id` is their own record. */
  self?: boolean;
  /** No token needed (public lookups, health, metrics). */
  public?: boolean;
  /** A person may not take this decision on the professional record linked to them. */
  separationOfDuties?: boolean;
}

/**
 * Declares a route's access rule, both for Nest (reflection) and for Fastify's route config,
 * where the `onRequest` hook reads it before the body is parsed or validated.
 */
export const Access = (rule: AccessRule) =>
  applyDecorators(SetMetadata(ACCESS_RULE, rule), RouteConfig({ access: rule }));

export const Public = () => Access({ roles: [], public: true });
