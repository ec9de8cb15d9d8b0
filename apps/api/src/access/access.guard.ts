import {
  ForbiddenException,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_RULE, type AccessRule } from './access.decorators';
import type { RequestWithActor } from './request-actor';

/**
 * Defence in depth behind the `onRequest` hook: a Nest route without a rule, or a non-public
 * route reached without an authenticated actor, is refused.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) throw new ForbiddenException('This route declares no access rule.');
    if (rule.public) return true;
    if (!context.switchToHttp().getRequest<RequestWithActor>().actor) {
      throw new ForbiddenException('The request was not authenticated.');
    }
    return true;
  }
}
