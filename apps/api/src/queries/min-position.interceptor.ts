import {
  BadRequestException,
  Injectable,
  ServiceUnavailableException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { ProjectionEngine } from '@vakregister/projections';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, switchMap, type Observable } from 'rxjs';
import { parseLedgerInteger } from '../http/ledger-integer';

/** How long a query waits for the projections to reach `minPosition` (API.md: 5 s). */
export const MIN_POSITION_WAIT_MS = 5_000;

/**
 * Read-your-writes: a query with `minPosition` (the `position` a command answered) waits until
 * every projection has applied it, and answers 503 with `Retry-After` when that takes too long.
 */
@Injectable()
export class MinPositionInterceptor implements NestInterceptor {
  constructor(private readonly engine: ProjectionEngine) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context
      .switchToHttp()
      .getRequest<FastifyRequest<{ Querystring: Record<string, unknown> }>>();
    const raw = request.query?.minPosition;
    if (raw === undefined) return next.handle();
    const position = parseLedgerInteger(raw);
    if (position === undefined) {
      throw new BadRequestException({
        detail: 'minPosition must be a ledger position: a decimal integer.',
        errors: [{ field: 'minPosition', message: 'must be a decimal integer' }],
      });
    }
    return from(this.engine.waitFor(position, MIN_POSITION_WAIT_MS)).pipe(
      switchMap((reached) => {
        if (!reached) {
          void context.switchToHttp().getResponse<FastifyReply>().header('Retry-After', '1');
          throw new ServiceUnavailableException(
            `The read models have not reached position ${raw} yet; retry in a moment.`,
          );
        }
        return next.handle();
      }),
    );
  }
}
