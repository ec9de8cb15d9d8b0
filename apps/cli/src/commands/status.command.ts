import { Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@vakregister/config';
import { EVENT_STORE, type EventStore } from '@vakregister/event-store';
import { Command, CommandRunner, Option } from 'nest-commander';

interface StatusOptions {
  json?: boolean;
}

/** `vakregister status`: which store the configuration points at, and whether it answers. */
@Command({ name: 'status', description: 'Show the configured event store and where its log ends' })
export class StatusCommand extends CommandRunner {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    super();
  }

  async run(_params: string[], options: StatusOptions): Promise<void> {
    const health = await this.store.health();
    const report = {
      status: health.status,
      adapter: health.adapter,
      location:
        this.config.eventStore.adapter === 'sqlite'
          ? this.config.dataDir
          : redactCredentials(this.config.eventStore.connectionString),
      lastPosition: health.lastPosition?.toString() ?? null,
      ...(health.detail ? { detail: health.detail } : {}),
    };
    if (options.json) {
      console.log(JSON.stringify(report));
    } else {
      console.log(`event store    ${report.adapter} (${report.location})`);
      console.log(`status         ${report.status}${report.detail ? `: ${report.detail}` : ''}`);
      console.log(`last position  ${report.lastPosition ?? 'none (the ledger is empty)'}`);
    }
    if (health.status !== 'up') process.exitCode = 1;
  }

  @Option({ flags: '--json', description: 'print one JSON object' })
  parseJson(): boolean {
    return true;
  }
}

/** Connection strings may carry a password; never print it. */
function redactCredentials(connectionString: string): string {
  return connectionString.replace(/\/\/[^@/]*@/, '//***@');
}
