import { SqliteEventStore, eventLogFile, type EventStore } from '@vakregister/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importLedgerFile } from '../ledger-import/import-ledger-file';

/**
 * Runs `work` on a ledger imported from an export file into a temporary data directory of its
 * own (embedded store, read models), removed afterwards: the configured ledger is not touched.
 */
export async function withImportedLedger<T>(
  file: string,
  work: (store: EventStore, dataDir: string) => Promise<T>,
): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vakregister-report-'));
  try {
    const store = SqliteEventStore.open(eventLogFile(dataDir));
    try {
      await importLedgerFile(store, file);
      return await work(store, dataDir);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
