import { HttpException, HttpStatus } from '@nestjs/common';
import { DomainError, type DomainErrorKind } from '@vakregister/certification';
import { InvalidAppendError, WrongExpectedVersionError } from '@vakregister/event-store';
import { ContendedStreamError, PreconditionFailedError } from '../commands/concurrency-errors';
import { ProblemException, problem, type ProblemDetails } from './problem-details';

const DOMAIN_STATUS: Record<DomainErrorKind, number> = {
  invalid: 400,
  forbidden: 403,
  'not-found': 404,
  state: 409,
  rule: 422,
};

/** Sentences for errors that Fastify raises before a route handler runs. */
const FASTIFY_DETAILS: Record<string, string> = {
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty; send a JSON object.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is larger than 1 MiB.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send the request body as application/json.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length header does not match the body.',
};

/** Errors from Fastify itself (body parsing, limits, rate limiting) carry a 4xx `statusCode`. */
function fastifyClientError(error: unknown): ProblemDetails | undefined {
  const { statusCode, code, detail } = (error ?? {}) as {
    statusCode?: unknown;
    code?: unknown;
    detail?: unknown;
  };
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return undefined;
  // The rate limiter throws the problem document it built.
  if (typeof detail === 'string') return problem(statusCode, detail);
  const known = typeof code === 'string' ? FASTIFY_DETAILS[code] : undefined;
  if (known) return problem(statusCode, known);
  if (statusCode === 413) return problem(413, FASTIFY_DETAILS.FST_ERR_CTP_BODY_TOO_LARGE);
  if (statusCode === 415) return problem(415, FASTIFY_DETAILS.FST_ERR_CTP_INVALID_MEDIA_TYPE);
  return problem(statusCode, 'The request could not be read.');
}

function fromHttpException(exception: HttpException): ProblemDetails {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (typeof response === 'object' && response !== null && 'errors' in response) {
    const { detail, errors } = response as { detail?: string; errors: ProblemDetails['errors'] };
    return problem(status, detail ?? 'The request is not valid.', errors);
  }
  const message =
    typeof response === 'string' ? response : (response as { message?: unknown }).message;
  if (Array.isArray(message)) {
    return problem(status, message.map(String).join('; '));
  }
  return problem(status, typeof message === 'string' ? message : exception.message);
}

/** The one mapping of errors to HTTP: every status of API.md's rule is decided here. */
export function toProblem(exception: unknown): ProblemDetails {
  if (exception instanceof ProblemException) return exception.problem;
  if (exception instanceof DomainError) {
    return problem(DOMAIN_STATUS[exception.kind], exception.message, [...exception.errors]);
  }
  if (exception instanceof PreconditionFailedError) return problem(412, exception.message);
  if (exception instanceof ContendedStreamError) return problem(409, exception.message);
  if (exception instanceof WrongExpectedVersionError) {
    return problem(409, 'The record changed while this command was decided; try again.');
  }
  if (exception instanceof InvalidAppendError)
    return problem(400, 'The request cannot be recorded.');
  if (exception instanceof HttpException) return fromHttpException(exception);
  return (
    fastifyClientError(exception) ??
    problem(HttpStatus.INTERNAL_SERVER_ERROR, 'An unexpected error occurred; it has been logged.')
  );
}
