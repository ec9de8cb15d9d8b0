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
import { EncryptingCodec, openKeyStore, type KeyStore } from '@vakregister/privacy';
import {
  DomainClock,
  FollowerDecoder,
  Ledger,
  PERSONAL_DATA_CODEC,
  idSourceFor,
  lockDataDirectory,
  type PersonalDataCodec,
} from '@vakregister/ledger';

/** The instant of the last recorded event, below which the domain clock never starts. */
async function lastRecordedAt(store: EventStore): Promise<Date | undefined> {
  for await (const event of store.readAll({ direction: 'backwards', maxCount: 1 })) {
    const recordedAt = event.metadata.recordedAt;
    return typeof recordedAt === 'string' ? new Date(recordedAt) : undefined;
  }
  return undefined;
}

/** The ledger, its personal-data codec and the domain clock; publishes the default scheme. */
/** Injection token of the key store of personal data. */
export const KEY_STORE = Symbol('KEY_STORE');

/** Releases the data directory when the application closes. */
export const DATA_DIRECTORY_LOCK = Symbol('DATA_DIRECTORY_LOCK');

@Global()
@Module({
  providers: [
    {
      provide: DATA_DIRECTORY_LOCK,
      inject: [APP_CONFIG],
      // Taken first, before any local file is opened: one process per data directory.
      useFactory: (config: AppConfig) => lockDataDirectory(config.dataDir, 'the Vakregister API'),
    },
    {
      provide: KEY_STORE,
      inject: [APP_CONFIG, DATA_DIRECTORY_LOCK],
      useFactory: (config: AppConfig, releaseLock: () => void) => {
        let opened;
        try {
          opened = openKeyStore(config.privacy);
        } catch (error) {
          // Shutdown hooks do not run for a failed start: free the data directory here.
          releaseLock();
          throw error;
        }
        const { keyStore, warning } = opened;
        if (warning) new Logger('Privacy').warn(warning);
        return keyStore;
      },
    },
    {
      provide: PERSONAL_DATA_CODEC,
      inject: [KEY_STORE],
      useFactory: (keys: KeyStore) => new EncryptingCodec(keys),
    },
    {
      provide: Ledger,
      inject: [EVENT_STORE, PERSONAL_DATA_CODEC],
      useFactory: (store: EventStore, codec: PersonalDataCodec) => new Ledger(store, codec),
    },
    {
      provide: FollowerDecoder,
      inject: [Ledger],
      useFactory: (ledger: Ledger) => new FollowerDecoder(ledger),
    },
    {
      provide: DomainClock,
      inject: [APP_CONFIG, EVENT_STORE],
      useFactory: async (config: AppConfig, store: EventStore) => {
        const { clock, warning } = DomainClock.startingAt({
          start: config.simulatedNow,
          lastRecordedAt: await lastRecordedAt(store),
        });
        if (warning) new Logger('DomainClock').warn(warning);
        if (config.simulatedNow) {
          new Logger('DomainClock').warn(
            `Simulated domain clock: it reads ${clock.now().toISOString()} now.`,
          );
        }
        return clock;
      },
    },
  ],
  exports: [Ledger, FollowerDecoder, DomainClock, PERSONAL_DATA_CODEC, KEY_STORE],
})
export class LedgerModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(Ledger) private readonly ledger: Ledger,
    @Inject(DomainClock) private readonly clock: DomainClock,
    @Inject(DATA_DIRECTORY_LOCK) private readonly releaseLock: () => void,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
  ) {}

  onApplicationShutdown(): void {
    this.keys.close();
    this.releaseLock();
  }

  async onApplicationBootstrap(): Promise<void> {
    const published = await this.ledger.publishDefaultSchemeIfEmpty(
      this.clock.now().toISOString(),
      // Derived ids: two instances starting on one empty ledger publish the same event once.
      idSourceFor({ person: 'system', key: 'bootstrap-default-scheme' }),
    );
    if (published)
      new Logger('Ledger').log('Published the default scheme bvk-2016 on an empty ledger.');
  }
}
