import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { RequestWithActor } from '../access/request-actor';
import { envelopeFromRequest } from './envelope-from-request';

/** Injects the command envelope of a request: actor, correlation, Idempotency-Key, If-Match. */
export const Envelope = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<RequestWithActor>();
  if (!request.actor) throw new Error('The access guard did not run for this route');
  return envelopeFromRequest(request.actor, request.headers);
});
