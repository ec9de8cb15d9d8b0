import { Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@vakregister/config';
import { EVENT_STORE, type EventStore } from '@vakregister/event-store';
import { Ledger, lockDataDirectory, lockHolder } from '@vakregister/ledger';
import { EncryptingCodec, openKeyStore } from '@vakregister/privacy';
import { ALL_PROJECTIONS, ProjectionEngine, openReadModelDatabase } from '@vakregister/projections';
import { SingleBar } from 'cli-progress';
import { Command, CommandRunner, SubCommand } from 'nest-commander';

/** `vakregister projections rebuild [name…]`: rebuild read models offline, with a progress bar. */
@SubCommand({
  name: 'rebuild',
  arguments: '[names...]',
  description: 'Rebuild projections from zero (all when none is named); refuses while the API runs',
})
export class ProjectionsRebuildCommand extends CommandRunner {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    super();
  }

  async run(names: string[]): Promise<void> {
    const known = ALL_PROJECTIONS.map((projection) => projection.name);
    const unknown = names.filter((name) => !known.includes(name));
    if (unknown.length > 0) {
      console.error(`No projection named ${unknown.join(', ')}; there are ${known.join(', ')}.`);
      process.exitCode = 2;
      return;
    }
    const holder = lockHolder(this.config.dataDir);
    if (holder) {
      console.error(
        `Refusing to rebuild: ${holder.purpose} (process ${holder.pid}, since ${holder.since}) holds ${this.config.dataDir}. ` +
          'Stop it first, or rebuild online with POST /v1/admin/projections/{name}/rebuild.',
      );
      process.exitCode = 1;
      return;
    }
    const release = lockDataDirectory(this.config.dataDir, 'vakregister projections rebuild');
    const db = openReadModelDatabase(this.config.dataDir);
    // Read models hold decrypted names: the rebuild decodes with the key store, so erased
    // people come back as [gewist], never as plaintext.
    const { keyStore, warning } = openKeyStore(this.config.privacy);
    if (warning) console.error(warning);
    try {
      const ledger = new Ledger(this.store, new EncryptingCodec(keyStore));
      const engine = new ProjectionEngine(
        this.store,
        db,
        ALL_PROJECTIONS,
        (event) => ledger.toDomain(event),
        {
          log: () => undefined,
          error: (message) => console.error(message),
        },
      );
      for (const name of names.length > 0 ? names : known) await this.rebuildOne(engine, name);
    } finally {
      db.close();
      keyStore.close();
      release();
    }
  }

  private async rebuildOne(engine: ProjectionEngine, name: string): Promise<void> {
    const bar = new SingleBar({
      format: `${name.padEnd(10)} [{bar}] {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta_formatted}`,
      hideCursor: true,
      // On a terminal the bar redraws in place; in a log it prints a line now and then.
      noTTYOutput: true,
      notTTYSchedule: 5000,
    });
    const started = Date.now();
    let begun = false;
    await engine.rebuild(name, (position, head) => {
      const done = Number(position + 1n);
      const total = Math.max(Number(head + 1n), done);
      const seconds = (Date.now() - started) / 1000;
      const rate = seconds > 0 ? Math.round(done / seconds) : 0;
      if (!begun) {
        bar.start(total, done, { rate });
        begun = true;
      } else {
        bar.setTotal(total);
        bar.update(done, { rate });
      }
    });
    bar.stop();
    console.log(`${name}: rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

@Command({
  name: 'projections',
  description: 'Read models kept from the ledger',
  subCommands: [ProjectionsRebuildCommand],
})
export class ProjectionsCommand extends CommandRunner {
  async run(): Promise<void> {
    console.error('Usage: vakregister projections rebuild [name…]');
    process.exitCode = 2;
  }
}
