import { Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@vakregister/config';
import { EVENT_STORE, type EventStore } from '@vakregister/event-store';
import { ExportFormatError, lockDataDirectory, lockHolder } from '@vakregister/ledger';
import { Command, CommandRunner } from 'nest-commander';
import { importLedgerFile } from '../ledger-import/import-ledger-file';

/**
 * `vakregister import file.ndjson`: into an empty ledger only, preserving event ids, order,
 * streams, revisions, types, data and metadata. The whole file is checked first (malformed
 * lines and revision gaps are named with their line number), so a bad file imports nothing.
 */
@Command({
  name: 'import',
  arguments: '<file>',
  description: 'Load an exported ledger into an empty one',
})
export class ImportCommand extends CommandRunner {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    super();
  }

  async run([file]: string[]): Promise<void> {
    const holder = lockHolder(this.config.dataDir);
    if (holder) {
      console.error(
        `Refusing to import: ${holder.purpose} (process ${holder.pid}) holds ${this.config.dataDir}.`,
      );
      process.exitCode = 1;
      return;
    }
    const release = lockDataDirectory(this.config.dataDir, 'vakregister import');
    try {
      if ((await this.store.health()).lastPosition !== undefined) {
        console.error(
          'Refusing to import: the target ledger is not empty. Import into a new ledger only.',
        );
        process.exitCode = 1;
        return;
      }
      const total = await importLedgerFile(this.store, file);
      console.log(`Imported ${total} events.`);
    } catch (error) {
      if (!(error instanceof ExportFormatError)) throw error;
      console.error(`Nothing was imported. ${error.message}`);
      process.exitCode = 1;
    } finally {
      release();
    }
  }
}
