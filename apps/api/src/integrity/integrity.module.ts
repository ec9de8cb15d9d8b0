import {
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@vakregister/config';
import { EVENT_STORE, type EventStore } from '@vakregister/event-store';
import { IntegrityKeeper, resolveSigningKey } from '@vakregister/ledger-integrity';
import { LedgerController } from './ledger.controller';

/** Keeps the Merkle tree of the log beside the projections and signs a tree head per batch. */
@Global()
@Module({
  controllers: [LedgerController],
  providers: [
    {
      provide: IntegrityKeeper,
      inject: [APP_CONFIG, EVENT_STORE],
      useFactory: (config: AppConfig, store: EventStore) => {
        const logger = new Logger('Integrity');
        const { key, warning } = resolveSigningKey({
          nodeEnv: config.nodeEnv,
          dataDir: config.dataDir,
        });
        if (warning) logger.warn(warning);
        return IntegrityKeeper.open(store, config.dataDir, key, {
          logger: {
            log: (message) => logger.log(message),
            warn: (message) => logger.warn(message),
            error: (message) => logger.error(message),
          },
        });
      },
    },
  ],
  exports: [IntegrityKeeper],
})
export class IntegrityModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(IntegrityKeeper) private readonly keeper: IntegrityKeeper) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.keeper.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.keeper.close();
  }
}
