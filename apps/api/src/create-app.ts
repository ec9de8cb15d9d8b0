import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@vakregister/config';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';

/** Request bodies above this size are refused with 413 before they are parsed. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Builds the API application (not yet listening), as `main` and the end-to-end tests use it. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Vakregister')
      .setDescription('Event-sourced certification ledger for klantmanagers')
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
