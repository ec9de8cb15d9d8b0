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
import { FollowerDecoder } from '@vakregister/ledger';
import { ALL_PROJECTIONS, ProjectionEngine, openReadModelDatabase } from '@vakregister/projections';
import { ProjectionsAdminController } from './projections-admin.controller';

/**
 * Under load the read models commit at most every 20 ms: a read-your-writes query waits at most
 * that much longer, and each commit carries the events of the interval.
 */
const LIVE_FLUSH_INTERVAL_MS = 20;

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
      inject: [EVENT_STORE, READ_MODEL_DB, FollowerDecoder],
      useFactory: (store: EventStore, db: Database.Database, decoder: FollowerDecoder) => {
        const logger = new Logger('Projections');
        return new ProjectionEngine(
          store,
          db,
          ALL_PROJECTIONS,
          (event) => decoder.decode(event),
          { log: (message) => logger.log(message), error: (message) => logger.error(message) },
          {
            truncateWalAfter: (event) => event.type === 'PersonalDataErased',
            minFlushIntervalMs: LIVE_FLUSH_INTERVAL_MS,
          },
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
