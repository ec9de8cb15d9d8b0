import { Module } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { AnalyticsQueries, RegisterQueries } from '@vakregister/projections';
import { READ_MODEL_DB } from '../projections/projections.module';
import { AnalyticsController } from './analytics.controller';
import { MinPositionInterceptor } from './min-position.interceptor';
import { ProfessionalHistoryController } from './professional-history.controller';
import { PublicRegisterController } from './public-register.controller';
import { QueuesController } from './queues.controller';
import { RegisterController } from './register.controller';

/** The query side: read models, dossiers and audit trails, with time travel. */
@Module({
  controllers: [
    RegisterController,
    PublicRegisterController,
    QueuesController,
    ProfessionalHistoryController,
    AnalyticsController,
  ],
  providers: [
    {
      provide: RegisterQueries,
      inject: [READ_MODEL_DB],
      useFactory: (db: Database.Database) => new RegisterQueries(db),
    },
    {
      provide: AnalyticsQueries,
      inject: [READ_MODEL_DB],
      useFactory: (db: Database.Database) => new AnalyticsQueries(db),
    },
    MinPositionInterceptor,
  ],
  exports: [RegisterQueries],
})
export class QueriesModule {}
