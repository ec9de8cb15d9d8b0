import {
  ForbiddenException,
  Injectable,
  NotFoundException,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_RULE, type AccessRule } from './access.decorators';
import type { RequestWithActor } from './request-actor';
import { ROLES, type Role } from './roles';

/** `X-Dev-Actor: <role>:<person id>[:<professional id>]`, until real tokens replace it. */
export const DEVELOPMENT_ACTOR_HEADER = 'x-dev-actor';

/**
 * Establishes who is calling from a development header and checks the route's access rule.
 * The identity is marked `authentication: 'development-header'` in every event it causes.
 * Routes without a rule are refused, so that a new route cannot be open by accident.
 */
@Injectable()
export class DevelopmentActorGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) throw new ForbiddenException('This route declares no access rule.');
    if (rule.public) return true;
    const request = context
      .switchToHttp()
      .getRequest<RequestWithActor & { params?: Record<string, string> }>();
    const header = request.headers[DEVELOPMENT_ACTOR_HEADER];
    const value = Array.isArray(header) ? header[0] : header;
    const [role, id, professionalId] = (value ?? '').split(':');
    if (!role || !id || !(ROLES as readonly string[]).includes(role)) {
      throw new UnauthorizedException(
        `Identify yourself with the ${DEVELOPMENT_ACTOR_HEADER} header as <role>:<id>[:<professional id>].`,
      );
    }
    request.actor = {
      id,
      role: role as Role,
      // A professional acts on their own record; in development their id is that record's id.
      ...(role === 'professional'
        ? { professionalId: professionalId || id }
        : professionalId
          ? { professionalId }
          : {}),
      authentication: 'development-header',
    };
    if (rule.roles.includes(role as Role)) return true;
    if (rule.self && role === 'professional') {
      // Another professional's record answers 404, so that ids cannot be probed.
      if (request.params?.id && request.params.id !== request.actor.professionalId) {
        throw new NotFoundException('No professional with this id is visible to you.');
      }
      return true;
    }
    throw new ForbiddenException(`The role ${role} may not do this.`);
  }
}
