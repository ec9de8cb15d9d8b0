import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '@vakregister/access';

/** The authenticated person behind a request (set by the access-control hook). */
export type RequestActor = Principal;

export type RequestWithActor = {
  actor?: RequestActor;
  headers: Record<string, string | string[] | undefined>;
};

/** Injects the request's actor. */
export const Actor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestActor => {
    const actor = context.switchToHttp().getRequest<RequestWithActor>().actor;
    if (!actor) throw new Error('The access-control hook did not run for this route');
    return actor;
  },
);
