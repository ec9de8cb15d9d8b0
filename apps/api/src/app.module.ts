import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { APP_CONFIG, AppConfigModule, type AppConfig } from '@vakregister/config';
import { EventStoreModule } from '@vakregister/event-store';
import { LoggerModule } from 'nestjs-pino';
import { AccessGuard } from './access/access.guard';
import { AccessModule } from './access/access.module';
import { CertificationModule } from './certification/certification.module';
import { HealthModule } from './health/health.module';
import { RequestValidationPipe } from './http/validation.pipe';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { IntegrityModule } from './integrity/integrity.module';
import { LedgerModule } from './ledger/ledger.module';
import { ObjectionsModule } from './objections/objections.module';
import { ProjectionsModule } from './projections/projections.module';
import { QueriesModule } from './queries/queries.module';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { MetricsModule } from './metrics/metrics.module';

/** The composition root of the API: configuration in, adapters chosen once. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            // Request logs name the path, never bodies or query strings (names, search terms).
            serializers: {
              req: (req: { method: string; url: string; id: unknown }) => ({
                id: req.id,
                method: req.method,
                url: req.url.split('?')[0],
              }),
            },
            autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
          },
        }),
        EventStoreModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (appConfig: AppConfig) => appConfig.eventStore,
        }),
        LedgerModule,
        AccessModule,
        IdempotencyModule,
        CertificationModule,
        ProjectionsModule,
        IntegrityModule,
        QueriesModule,
        ObjectionsModule,
        HealthModule,
        MetricsModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_PIPE, useClass: RequestValidationPipe },
      ],
    };
  }
}
