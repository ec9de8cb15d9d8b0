import {
  ConflictException,
  Inject,
  Injectable,
  SetMetadata,
  UnprocessableEntityException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { RequestActor } from '../access/request-actor';
import { ProblemException, type ProblemDetails } from '../http/problem-details';
import { toProblem } from '../http/to-problem';
import { IdempotencyStore } from './idempotency-store';
import { requestHash } from './request-hash';

/** Marks a route whose answers must not be kept (they hold a secret shown once). */
export const WITHOUT_IDEMPOTENCY_RECORD = 'vakregister:without-idempotency-record';
export const WithoutIdempotencyRecord = () => SetMetadata(WITHOUT_IDEMPOTENCY_RECORD, true);

/** How long a retry waits for a first attempt that is still running (API.md: 5 s). */
export const WAIT_FOR_FIRST_ATTEMPT_MS = 5_000;
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * `Idempotency-Key`: a retry with the same key and body gets the first answer (status and body)
 * and appends nothing; one that arrives while the first is running waits for it; the same key
 * with another body is 422. Server errors are not kept, so that a retry can succeed.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    @Inject(IdempotencyStore) private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { actor?: RequestActor }>();
    const header = request.headers['idempotency-key'];
    const key = Array.isArray(header) ? header[0] : header;
    if (!UNSAFE_METHODS.has(request.method) || !key || !request.actor) return next.handle();
    if (this.reflector.get<boolean | undefined>(WITHOUT_IDEMPOTENCY_RECORD, context.getHandler())) {
      return next.handle();
    }
    const successStatus =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      (request.method === 'POST' ? 201 : 200);
    return from(
      this.handle(
        request.actor.id,
        key,
        request,
        context.switchToHttp().getResponse<FastifyReply>(),
        next,
        successStatus,
      ),
    );
  }

  private async handle(
    person: string,
    key: string,
    request: FastifyRequest,
    reply: FastifyReply,
    next: CallHandler,
    successStatus: number,
  ): Promise<unknown> {
    const scope = `${person}\u0000${key}`;
    const hash = requestHash(request.method, request.url.split('?')[0], request.body ?? null);
    await this.waitForRunningAttempt(scope);

    const stored = this.store.find(person, key);
    if (stored) {
      if (stored.requestHash !== hash) {
        throw new UnprocessableEntityException(
          'This Idempotency-Key was used before with another request.',
        );
      }
      void reply.header('Idempotent-Replayed', 'true');
      if (stored.etag) void reply.header('ETag', stored.etag);
      if (stored.status >= 400) throw new ProblemException(stored.body as ProblemDetails);
      return stored.body;
    }

    let finished!: () => void;
    this.running.set(scope, new Promise<void>((resolve) => (finished = resolve)));
    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      const etag = reply.getHeader('etag');
      this.store.save(person, key, {
        requestHash: hash,
        status: successStatus,
        body: body ?? null,
        ...(typeof etag === 'string' ? { etag } : {}),
      });
      return body;
    } catch (error) {
      const problem = toProblem(error);
      if (problem.status < 500)
        this.store.save(person, key, { requestHash: hash, status: problem.status, body: problem });
      throw error;
    } finally {
      this.running.delete(scope);
      finished();
    }
  }

  private async waitForRunningAttempt(scope: string): Promise<void> {
    const deadline = Date.now() + WAIT_FOR_FIRST_ATTEMPT_MS;
    for (let first = this.running.get(scope); first; first = this.running.get(scope)) {
      const remaining = deadline - Date.now();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        first.then(() => false),
        new Promise<boolean>(
          (resolve) => (timer = setTimeout(() => resolve(true), Math.max(0, remaining))),
        ),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        throw new ConflictException(
          'A request with this Idempotency-Key is still being processed; retry later.',
        );
      }
    }
  }
}
