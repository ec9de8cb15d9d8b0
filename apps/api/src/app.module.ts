import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { APP_CONFIG, AppConfigModule, type AppConfig } from '@vakregister/config';
import { EventStoreModule } from '@vakregister/event-store';
import { LoggerModule } from 'nestjs-pino';
import { HealthModule } from './health/health.module';
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
            // Request logs name the route, never bodies: bodies carry personal data.
            serializers: {
              req: (req: { method: string; url: string; id: unknown }) => ({
                id: req.id,
                method: req.method,
                url: req.url,
              }),
            },
            autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
          },
        }),
        EventStoreModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (appConfig: AppConfig) => appConfig.eventStore,
        }),
        HealthModule,
        MetricsModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
