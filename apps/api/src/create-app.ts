import rateLimit from '@fastify/rate-limit';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Authenticator, type Principal } from '@vakregister/access';
import type { AppConfig } from '@vakregister/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { installAccessControl } from './access/access-control.hook';
import type { AccessRule } from './access/access.decorators';
import { AppModule } from './app.module';
import { problem } from './http/problem-details';
import { toProblem } from './http/to-problem';

/** Request bodies above this size are refused with 413 before they are parsed. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Rate limits by the security clock (real time): per person when authenticated, per client
 * address on public routes; over the limit 429 problem+json with Retry-After.
 */
async function installRateLimits(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const isPublic = (request: FastifyRequest) =>
    (request.routeOptions.config as { access?: AccessRule }).access?.public === true;
  await app.register(rateLimit, {
    global: true,
    // After the access-control hook, so that an authenticated person is counted as one.
    hook: 'preParsing',
    keyGenerator: (request) => {
      const actor = (request as FastifyRequest & { actor?: Principal }).actor;
      return actor ? `person:${actor.id}` : `address:${request.ip}`;
    },
    max: (request) =>
      isPublic(request) ? config.rateLimits.public.max : config.rateLimits.staff.max,
    timeWindow: (request) =>
      isPublic(request) ? config.rateLimits.public.windowMs : config.rateLimits.staff.windowMs,
    allowList: (request) => request.url === '/health' || request.url === '/metrics',
    errorResponseBuilder: (_request, context) => ({
      ...problem(429, `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} s.`),
      statusCode: 429,
    }),
  });
}

/** Builds the API application (not yet listening), as `main` and the end-to-end tests use it. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy: false }),
    // Fail with the error (a wrong master key, a locked data directory), never abort the process.
    { bufferLogs: true, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  installAccessControl(fastify, {
    authenticator: app.get(Authenticator),
    developmentAuthentication: config.developmentAuthentication,
  });
  await installRateLimits(app, config);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Vakregister')
      .setDescription('Event-sourced certification ledger for klantmanagers')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  await app.init();
  // Set after init, which installs Nest's own handler: errors raised by Fastify itself (hooks,
  // body parsing, limits) get the API's sentences and its one error shape.
  fastify.setErrorHandler((error, _request, reply: FastifyReply) => {
    const body = toProblem(error);
    if (body.status >= 500) app.get(Logger).error(error);
    return reply.code(body.status).type('application/problem+json').send(body);
  });
  return app;
}
