import {
  AuthenticationError,
  isRole,
  type Authenticator,
  type Principal,
} from '@vakregister/access';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problem } from '../http/problem-details';
import type { AccessRule } from './access.decorators';

/** `X-Dev-Actor: <role>:<person id>[:<professional id>]`, accepted only with VAKREGISTER_DEV_AUTH=true. */
export const DEVELOPMENT_ACTOR_HEADER = 'x-dev-actor';

/** Fastify routes that are not Nest controllers and are public by API.md. */
const PUBLIC_PATHS = /^\/docs(?:-json|\/.*)?$/;

function send(reply: FastifyReply, status: number, detail: string): FastifyReply {
  return reply.code(status).type('application/problem+json').send(problem(status, detail));
}

function developmentPrincipal(header: string | string[] | undefined): Principal | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const [role, id, professionalId] = (value ?? '').split(':');
  if (!isRole(role) || !id) return undefined;
  const ownRecord = role === 'professional' ? professionalId || id : professionalId;
  return {
    id,
    role,
    ...(ownRecord ? { professionalId: ownRecord } : {}),
    authentication: 'development-header',
  };
}

/**
 * Authentication and authorisation for every route, in an `onRequest` hook: before the body is
 * parsed or validated, so that an unauthenticated request is 401 and a forbidden one 403
 * whatever its body. A route without a declared rule is refused (fail closed). Another
 * professional's record answers 404, so that ids cannot be probed.
 */
export function installAccessControl(
  fastify: FastifyInstance,
  options: { authenticator: Authenticator; developmentAuthentication: boolean },
): void {
  fastify.addHook('onRequest', async (request: FastifyRequest & { actor?: Principal }, reply) => {
    // Unknown routes fall through to the 404 answer.
    if (!request.routeOptions.url) return;
    if (PUBLIC_PATHS.test(request.routeOptions.url)) return;
    const rule = (request.routeOptions.config as { access?: AccessRule }).access;
    if (!rule) return send(reply, 403, 'This route declares no access rule.');
    if (rule.public) return;

    let principal: Principal | undefined;
    if (
      options.developmentAuthentication &&
      request.headers[DEVELOPMENT_ACTOR_HEADER] !== undefined
    ) {
      principal = developmentPrincipal(request.headers[DEVELOPMENT_ACTOR_HEADER]);
      if (!principal) {
        return send(
          reply,
          401,
          `${DEVELOPMENT_ACTOR_HEADER} must be <role>:<id>[:<professional id>].`,
        );
      }
    } else {
      try {
        principal = await options.authenticator.authenticate(request.headers.authorization);
      } catch (error) {
        if (error instanceof AuthenticationError) return send(reply, 401, error.message);
        throw error;
      }
    }
    request.actor = principal;

    const recordId = (request.params as Record<string, string> | undefined)?.id;
    if (rule.roles.includes(principal.role)) {
      if (rule.separationOfDuties && recordId && principal.professionalId === recordId) {
        return send(reply, 403, 'You may not take this decision on your own professional record.');
      }
      return;
    }
    if (rule.self && principal.role === 'professional') {
      if (recordId && recordId !== principal.professionalId) {
        return send(reply, 404, 'No professional with this id is visible to you.');
      }
      return;
    }
    return send(reply, 403, `The role ${principal.role} may not do this.`);
  });
}
