import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/** RFC 9457 problem details, the one error shape of the API. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Builds a problem document for a status; `type` stays `about:blank` unless a page explains it. */
export function problem(status: number, detail: string): ProblemDetails {
  return { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail };
}

/** Errors from Fastify itself (body parsing, body limit) carry a 4xx `statusCode`. */
function clientStatusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

function toProblem(exception: unknown): ProblemDetails {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string' ? response : (response as { message?: unknown }).message;
    return problem(status, typeof message === 'string' ? message : exception.message);
  }
  const clientStatus = clientStatusOf(exception);
  if (clientStatus !== undefined) {
    return problem(
      clientStatus,
      clientStatus === 413
        ? 'The request body is larger than 1 MiB.'
        : 'The request could not be read.',
    );
  }
  return problem(
    HttpStatus.INTERNAL_SERVER_ERROR,
    'An unexpected error occurred; it has been logged.',
  );
}

/** Maps every error to `application/problem+json`; never leaks stack traces or SQL. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = toProblem(exception);
    if (body.status >= 500) this.logger.error(exception);
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply.status(body.status).header('Content-Type', 'application/problem+json').send(body);
  }
}
