import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type ModuleMetadata,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { createEventStore, type EventStoreOptions } from './create-event-store';
import { EVENT_STORE, type EventStore } from './event-store.port';
import { OpenedOnFirstUse } from './opened-on-first-use';

export interface EventStoreModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: Array<string | symbol | (new (...args: never[]) => unknown)>;
  useFactory: (...args: never[]) => EventStoreOptions | Promise<EventStoreOptions>;
  /** Open the store when it is first used rather than at start (see OpenedOnFirstUse). */
  openOnFirstUse?: boolean;
}

/** Provides the EventStore chosen once at the composition root, and closes it on shutdown. */
@Global()
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  static forRootAsync(options: EventStoreModuleAsyncOptions): DynamicModule {
    return {
      module: EventStoreModule,
      imports: options.imports ?? [],
      providers: [
        {
          provide: EVENT_STORE,
          inject: options.inject ?? [],
          useFactory: async (...args: never[]) => {
            const storeOptions = await options.useFactory(...args);
            return options.openOnFirstUse
              ? new OpenedOnFirstUse(() => createEventStore(storeOptions))
              : createEventStore(storeOptions);
          },
        },
      ],
      exports: [EVENT_STORE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
