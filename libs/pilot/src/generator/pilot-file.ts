import { once } from 'node:events';
import { createWriteStream, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, eventLogFile, type EventStore } from '@vakregister/event-store';
import { Ledger, PlaintextCodec, toExportLine } from '@vakregister/ledger';
import { pilotProfile, type PilotSettings } from './pilot-profile';
import { simulateLedger, type SimulationStats } from './simulation';
import { StoreWriter } from './store-writer';

/** How far the simulation has come: the month simulated last, as a share of all months. */
export type PilotProgress = (progress: { month: string; done: number; events: number }) => void;

/**
 * Simulates the pilot into a scratch ledger through the real store, then writes it to `out` in
 * the export format, in log order: what `vakregister export` would write of that ledger, and
 * what `vakregister import` loads. Personal fields stay plaintext (the people are invented).
 * The file appears only when complete.
 */
export async function writePilotFile(
  settings: PilotSettings,
  out: string,
  progress?: PilotProgress,
): Promise<SimulationStats> {
  const scratch = mkdtempSync(join(tmpdir(), 'vakregister-pilot-'));
  const partial = `${out}.partial-${process.pid}`;
  try {
    const store = SqliteEventStore.open(eventLogFile(scratch));
    try {
      const months = settings.years * 12;
      const stats = await simulateLedger(
        {
          professionals: settings.professionals,
          seed: settings.seed,
          profile: pilotProfile(settings),
          onMonth: (month, sofar) => {
            const elapsed =
              (Number(month.slice(0, 4)) - settings.startYear) * 12 + Number(month.slice(5, 7));
            progress?.({ month, done: elapsed / months, events: sofar.events });
          },
        },
        new StoreWriter(new Ledger(store, new PlaintextCodec())),
      );
      await writeExport(store, partial);
      renameSync(partial, out);
      return stats;
    } finally {
      await store.close();
    }
  } finally {
    rmSync(partial, { force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function writeExport(store: EventStore, file: string): Promise<void> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  for await (const event of store.readAll({ fromPosition: 'start' })) {
    // Respect back-pressure: a long run holds millions of events.
    if (!out.write(`${toExportLine(event)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
