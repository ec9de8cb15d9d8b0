import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from './roles';

/** The authenticated person behind a request. */
export interface RequestActor {
  id: string;
  role: Role;
  /** For the `professional` role: the professional record that is theirs. */
  professionalId?: string;
  /** How the actor was established; marks development identities in the audit trail. */
  authentication: 'development-header';
}

export type RequestWithActor = {
  actor?: RequestActor;
  headers: Record<string, string | string[] | undefined>;
};

/** Injects the request's actor (set by the access guard). */
export const Actor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestActor => {
    const actor = context.switchToHttp().getRequest<RequestWithActor>().actor;
    if (!actor) throw new Error('The access guard did not run for this route');
    return actor;
  },
);
