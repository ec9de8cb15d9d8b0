import {
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type Database from 'better-sqlite3';
import { APP_CONFIG, type AppConfig } from '@vakregister/config';
import { EVENT_STORE, type EventStore } from '@vakregister/event-store';
import { Ledger } from '@vakregister/ledger';
import { ALL_PROJECTIONS, ProjectionEngine, openReadModelDatabase } from '@vakregister/projections';
import { ProjectionsAdminController } from './projections-admin.controller';

/** Injection token of the read-model database. */
export const READ_MODEL_DB = Symbol('READ_MODEL_DB');

/** Keeps the read models from the log while the API runs. */
@Global()
@Module({
  controllers: [ProjectionsAdminController],
  providers: [
    {
      provide: READ_MODEL_DB,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => openReadModelDatabase(config.dataDir),
    },
    {
      provide: ProjectionEngine,
      inject: [EVENT_STORE, READ_MODEL_DB, Ledger],
      useFactory: (store: EventStore, db: Database.Database, ledger: Ledger) => {
        const logger = new Logger('Projections');
        return new ProjectionEngine(
          store,
          db,
          ALL_PROJECTIONS,
          (event) => ledger.toDomain(event),
          { log: (message) => logger.log(message), error: (message) => logger.error(message) },
          { truncateWalAfter: (event) => event.type === 'PersonalDataErased' },
        );
      },
    },
  ],
  exports: [READ_MODEL_DB, ProjectionEngine],
})
export class ProjectionsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(ProjectionEngine) private readonly engine: ProjectionEngine,
    @Inject(READ_MODEL_DB) private readonly db: Database.Database,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.engine.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.engine.stop();
    this.db.close();
  }
}
