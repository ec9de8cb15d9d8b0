import { SqliteEventStore, type EventStore, type ExpectedRevision } from '@vakregister/event-store';
import type { TimeBudget, Throughput } from '../support/timing';
import { measureConcurrent, timeOnce } from '../support/timing';
import { benchEvent, benchStreamId, type ScanResult } from './events';

export interface AppendScenario {
  /** Concurrent callers, each appending to its own stream and awaiting each append. */
  writers: number;
  eventsPerAppend: number;
}

/**
 * Appends through the port as the application does: each writer tracks its stream's revision
 * and passes it as `expectedRevision`, so every append pays the optimistic-concurrency check.
 */
export async function measureStoreAppends(
  file: string,
  scenario: AppendScenario,
  budget: TimeBudget,
): Promise<Throughput> {
  const store = SqliteEventStore.open(file);
  try {
    assertDurable(store);
    const writers = Array.from({ length: scenario.writers }, () => ({
      streamId: benchStreamId(),
      expected: 'no_stream' as ExpectedRevision,
      sequence: 0,
    }));
    return await measureConcurrent(budget, scenario.writers, async (index) => {
      const writer = writers[index];
      const events = Array.from({ length: scenario.eventsPerAppend }, () =>
        benchEvent(writer.streamId, writer.sequence++),
      );
      const result = await store.appendToStream(writer.streamId, events, {
        expectedRevision: writer.expected,
      });
      writer.expected = result.nextExpectedRevision;
      return events.length;
    });
  } finally {
    await store.close();
  }
}

/** A full `readAll()` as a projection rebuild does it, consuming what a projection would. */
export async function scanStore(store: EventStore): Promise<ScanResult> {
  let checksum = 0;
  const result = await timeOnce(async () => {
    let count = 0;
    for await (const event of store.readAll()) {
      checksum += (event.data.sequence as number) + event.metadata.schemaVersion;
      count++;
    }
    return count;
  });
  return { ...result, checksum };
}

/** The comparison with raw SQLite at synchronous=FULL means nothing if the store runs lighter. */
export function assertDurable(store: SqliteEventStore): void {
  const { journalMode, synchronous } = store.durabilitySettings();
  if (journalMode !== 'wal' || synchronous !== 2) {
    throw new Error(
      `The store runs journal_mode=${journalMode}, synchronous=${synchronous}; ` +
        'the benchmark compares against WAL with synchronous=FULL (2)',
    );
  }
}
